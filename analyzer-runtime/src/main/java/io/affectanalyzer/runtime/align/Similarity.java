package io.affectanalyzer.runtime.align;

/**
 * A 2-D similarity transform {@code x' = a x - b y + tx, y' = b x + a y + ty}: scale {@code sqrt(a²
 * + b²)}, rotation {@code atan2(b, a)}, no reflection.
 */
public record Similarity(double a, double b, double tx, double ty) {
  public static Similarity of(double scale, double rotationRadians, double tx, double ty) {
    return new Similarity(
        scale * Math.cos(rotationRadians), scale * Math.sin(rotationRadians), tx, ty);
  }

  public double scale() {
    return Math.hypot(a, b);
  }

  public double rotation() {
    return Math.atan2(b, a);
  }

  public double applyX(double x, double y) {
    return a * x - b * y + tx;
  }

  public double applyY(double x, double y) {
    return b * x + a * y + ty;
  }

  /**
   * The least-squares similarity taking {@code src} points onto {@code dst} points (Umeyama's
   * estimate restricted to proper rotations; in 2-D it has this closed form). Points are {@code
   * [x0, y0, x1, y1, ...]}, {@code n} of each.
   *
   * @throws IllegalArgumentException when the source points coincide or are not finite
   */
  public static Similarity fit(float[] src, float[] dst, int n) {
    double sx = 0;
    double sy = 0;
    double dx = 0;
    double dy = 0;
    for (int i = 0; i < n; i++) {
      sx += src[2 * i];
      sy += src[2 * i + 1];
      dx += dst[2 * i];
      dy += dst[2 * i + 1];
    }
    sx /= n;
    sy /= n;
    dx /= n;
    dy /= n;
    double var = 0;
    double dot = 0;
    double cross = 0;
    for (int i = 0; i < n; i++) {
      double px = src[2 * i] - sx;
      double py = src[2 * i + 1] - sy;
      double qx = dst[2 * i] - dx;
      double qy = dst[2 * i + 1] - dy;
      var += px * px + py * py;
      dot += px * qx + py * qy;
      cross += px * qy - py * qx;
    }
    if (!(var > 1e-12) || !Double.isFinite(dot + cross)) {
      throw new IllegalArgumentException("face keypoints are missing or coincide");
    }
    double a = dot / var;
    double b = cross / var;
    return new Similarity(a, b, dx - (a * sx - b * sy), dy - (b * sx + a * sy));
  }
}
