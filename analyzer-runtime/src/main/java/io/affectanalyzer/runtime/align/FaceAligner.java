package io.affectanalyzer.runtime.align;

import io.affectanalyzer.runtime.detect.FaceDetection;
import io.affectanalyzer.runtime.frame.Image;
import java.nio.FloatBuffer;

/**
 * Warps a detected face onto a fixed square template: the similarity (scale, rotation, translation)
 * that best takes the face's right eye, left eye, nose tip and mouth centre onto the template's,
 * then an inverse-mapped bilinear warp; pixels that fall outside the picture are black. Output is
 * planar ({@code [3, S, S]}) in the colour order and normalisation {@code (v/255 - mean[c]) /
 * std[c]} fixed at construction, as {@code ModelContract} describes a model's input.
 *
 * <p>Coordinates are continuous, pixel centres at {@code i + 0.5}, as the detectors report them.
 * One instance per thread: it keeps scratch state so that {@link #align} allocates nothing.
 */
public final class FaceAligner {
  public static final int DEFAULT_SIZE = 112;

  /** Points used: right eye, left eye, nose tip, mouth centre ({@link FaceDetection} order). */
  public static final int POINTS = 4;

  /**
   * The template in unit coordinates: the 112x112 ArcFace five-point template (mouth corners merged
   * into their centre, made left-right symmetric), shrunk by {@link #ZOOM} about the centre so that
   * the whole face, chin and forehead included, fits with a margin.
   */
  private static final float[] UNIT_TEMPLATE = {
    0.3427f, 0.4607f, 0.6573f, 0.4607f, 0.5000f, 0.6405f, 0.5000f, 0.8240f
  };

  static final float ZOOM = 0.75f;
  private static final float CENTRE_Y = 0.5f;

  private final int size;
  private final boolean rgb;
  private final float[] mul = new float[3];
  private final float[] add = new float[3];
  private final float[] template;
  private final float[] src = new float[2 * POINTS];
  private Similarity last;

  /**
   * @param size output side S in pixels
   * @param rgb planes in R, G, B order when true, else B, G, R
   * @param mean per-plane mean, in the output's plane order
   * @param std per-plane standard deviation, in the output's plane order
   */
  public FaceAligner(int size, boolean rgb, float[] mean, float[] std) {
    if (size < 8) {
      throw new IllegalArgumentException("aligned face size must be at least 8, got " + size);
    }
    if (mean.length != 3 || std.length != 3) {
      throw new IllegalArgumentException("mean and std need three values each");
    }
    this.size = size;
    this.rgb = rgb;
    for (int c = 0; c < 3; c++) {
      if (!(std[c] > 0)) {
        throw new IllegalArgumentException("std must be positive, got " + std[c]);
      }
      mul[c] = 1f / (255f * std[c]);
      add[c] = -mean[c] / std[c];
    }
    template = new float[2 * POINTS];
    for (int i = 0; i < POINTS; i++) {
      template[2 * i] = (0.5f + (UNIT_TEMPLATE[2 * i] - 0.5f) * ZOOM) * size;
      template[2 * i + 1] = (CENTRE_Y + (UNIT_TEMPLATE[2 * i + 1] - CENTRE_Y) * ZOOM) * size;
    }
  }

  /** 112 pixels, RGB, values in [0, 1]. */
  public FaceAligner() {
    this(DEFAULT_SIZE, true, new float[] {0, 0, 0}, new float[] {1, 1, 1});
  }

  public int size() {
    return size;
  }

  /** Floats one aligned face takes in the destination buffer: {@code 3 * S * S}. */
  public int floatsPerFace() {
    return 3 * size * size;
  }

  /** The template points in output pixels: {@code [x, y]} of right eye, left eye, nose, mouth. */
  public float[] templatePoints() {
    return template.clone();
  }

  /** The transform from image pixels to aligned pixels for {@code face}. */
  public Similarity transform(FaceDetection face) {
    for (int i = 0; i < 2 * POINTS; i++) {
      src[i] = face.keypoints()[i];
    }
    return Similarity.fit(src, template, POINTS);
  }

  /** The transform the last {@link #align} or {@link #alignToImage} call used. */
  public Similarity lastTransform() {
    return last;
  }

  /**
   * Writes the aligned face into {@code dst} at {@code offsetFloats}, planar {@code [3, S, S]}.
   * Uses absolute puts: the buffer's position is left alone.
   */
  public void align(Image img, FaceDetection face, FloatBuffer dst, int offsetFloats) {
    Similarity t = transform(face);
    last = t;
    double det = t.a() * t.a() + t.b() * t.b();
    // Inverse map: image point = A^-1 (q - t), stepped along each output row.
    float ia = (float) (t.a() / det);
    float ib = (float) (t.b() / det);
    float ox = (float) -t.tx();
    float oy = (float) -t.ty();
    int w = img.width();
    int h = img.height();
    byte[] px = img.bgr();
    int plane = size * size;
    int s0 = rgb ? 2 : 0;
    int ds = rgb ? -1 : 1;
    for (int j = 0; j < size; j++) {
      float qy = j + 0.5f + oy;
      float qx0 = 0.5f + ox;
      // Sample index (continuous minus 0.5) of this row's first output pixel centre.
      float x = ia * qx0 + ib * qy - 0.5f;
      float y = -ib * qx0 + ia * qy - 0.5f;
      for (int i = 0; i < size; i++, x += ia, y -= ib) {
        int o = offsetFloats + j * size + i;
        if (x < -0.5f || y < -0.5f || x > w - 0.5f || y > h - 0.5f) {
          dst.put(o, add[0]);
          dst.put(o + plane, add[1]);
          dst.put(o + 2 * plane, add[2]);
          continue;
        }
        float cx = Math.max(0, Math.min(w - 1, x));
        float cy = Math.max(0, Math.min(h - 1, y));
        int x0 = Math.min((int) cx, Math.max(0, w - 2));
        int y0 = Math.min((int) cy, Math.max(0, h - 2));
        float fx = w == 1 ? 0 : cx - x0;
        float fy = h == 1 ? 0 : cy - y0;
        int p00 = img.offset(x0, y0);
        int p01 = w == 1 ? p00 : p00 + 3;
        int p10 = h == 1 ? p00 : p00 + 3 * w;
        int p11 = w == 1 ? p10 : p10 + 3;
        for (int c = 0, s = s0; c < 3; c++, s += ds) {
          float top = (px[p00 + s] & 0xff) * (1 - fx) + (px[p01 + s] & 0xff) * fx;
          float bottom = (px[p10 + s] & 0xff) * (1 - fx) + (px[p11 + s] & 0xff) * fx;
          dst.put(o + c * plane, (top + (bottom - top) * fy) * mul[c] + add[c]);
        }
      }
    }
  }

  /** The aligned face as an 8-bit BGR picture (tests, debugging, snapshots). */
  public Image alignToImage(Image img, FaceDetection face) {
    // Reuse the float path with an identity normalisation in BGR order.
    FaceAligner plain = new FaceAligner(size, false, new float[] {0, 0, 0}, new float[] {1, 1, 1});
    FloatBuffer buf = FloatBuffer.allocate(plain.floatsPerFace());
    plain.align(img, face, buf, 0);
    last = plain.last;
    byte[] out = new byte[3 * size * size];
    int plane = size * size;
    for (int p = 0; p < plane; p++) {
      for (int c = 0; c < 3; c++) {
        int v = Math.round(buf.get(c * plane + p) * 255f);
        out[3 * p + c] = (byte) Math.max(0, Math.min(255, v));
      }
    }
    return new Image(size, size, out);
  }
}
