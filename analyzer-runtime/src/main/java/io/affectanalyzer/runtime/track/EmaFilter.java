package io.affectanalyzer.runtime.track;

/**
 * Exponential moving average per frame: {@code y += alpha (x - y)}, starting at the first value.
 * After a step it covers the fraction {@code 1 - (1 - alpha)^(n + 1)} of the step by the n-th frame
 * after it. It works in frames, not seconds, so {@code alpha} means the same at any frame rate of
 * the records.
 */
final class EmaFilter implements ScoreFilter {
  private final double alpha;
  private double[] y;

  EmaFilter(double alpha) {
    if (!(alpha > 0 && alpha <= 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1], is " + alpha);
    }
    this.alpha = alpha;
  }

  @Override
  public float[] next(float[] x, double seconds) {
    if (y == null) {
      y = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        y[i] = x[i];
      }
    } else {
      for (int i = 0; i < x.length; i++) {
        y[i] += alpha * (x[i] - y[i]);
      }
    }
    return ScoreFilter.floats(y);
  }
}
