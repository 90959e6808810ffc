package io.affectanalyzer.train.data;

/**
 * Separable Gaussian low-pass on CHW planes, edges clamped. The FER2013 training split shipped in
 * {@code ../shared} is blurred (about sigma 3 px at 48 px, see the model card), so sharp sources
 * are trained through this filter and the exported model applies the same taps to its input ({@code
 * OnnxLayers.gaussianBlur}), keeping training and serving in one domain.
 */
public final class GaussianBlur {
  private GaussianBlur() {}

  /** Normalised taps, radius {@code ceil(3 sigma)}; {@code [1]} for sigma 0. */
  public static float[] kernel(double sigma) {
    if (!(sigma >= 0)) {
      throw new IllegalArgumentException("sigma must be >= 0: " + sigma);
    }
    if (sigma == 0) {
      return new float[] {1f};
    }
    int radius = (int) Math.ceil(3 * sigma);
    double[] w = new double[2 * radius + 1];
    double sum = 0;
    for (int i = -radius; i <= radius; i++) {
      w[i + radius] = Math.exp(-(double) i * i / (2 * sigma * sigma));
      sum += w[i + radius];
    }
    float[] k = new float[w.length];
    for (int i = 0; i < w.length; i++) {
      k[i] = (float) (w[i] / sum);
    }
    return k;
  }

  /** Blurs {@code planes} square planes of side {@code size} in place. */
  public static void apply(float[] chw, int planes, int size, double sigma) {
    if (sigma == 0) {
      return;
    }
    float[] k = kernel(sigma);
    int r = k.length / 2;
    int plane = size * size;
    float[] tmp = new float[plane];
    for (int c = 0; c < planes; c++) {
      int o = c * plane;
      for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
          float v = 0;
          for (int i = -r; i <= r; i++) {
            v += k[i + r] * chw[o + y * size + clamp(x + i, size)];
          }
          tmp[y * size + x] = v;
        }
      }
      for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
          float v = 0;
          for (int i = -r; i <= r; i++) {
            v += k[i + r] * tmp[clamp(y + i, size) * size + x];
          }
          chw[o + y * size + x] = v;
        }
      }
    }
  }

  private static int clamp(int i, int size) {
    return Math.max(0, Math.min(size - 1, i));
  }
}
