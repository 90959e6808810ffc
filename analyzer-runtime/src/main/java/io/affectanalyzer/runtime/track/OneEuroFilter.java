package io.affectanalyzer.runtime.track;

/**
 * The 1€ filter (Casiez, Roussel and Vogel, CHI 2012) over a vector: a first-order low-pass whose
 * cutoff rises with how fast the values move, {@code minCutoff + beta * speed}, so a steady face
 * gets strong smoothing and a real change comes through with little lag.
 *
 * <p>One cutoff for the whole vector, from the Euclidean norm of its (low-passed) rate of change,
 * rather than one per component: every component then takes the same convex step, so expression
 * probabilities keep summing to 1 and stay in range without renormalising.
 */
final class OneEuroFilter implements ScoreFilter {
  /** The derivative's own low-pass, as in the paper. */
  private static final double DERIVATIVE_CUTOFF_HZ = 1.0;

  /** Used when timestamps do not advance (a source without timing): 30 frames per second. */
  private static final double FALLBACK_DT = 1.0 / 30;

  private final double minCutoff;
  private final double beta;
  private double[] value;
  private double[] rate;
  private double lastSeconds;

  /**
   * @param minCutoffHz cutoff while the values stand still: lower is smoother and slower
   * @param beta how much the cutoff rises per unit per second of change: higher follows faster
   */
  OneEuroFilter(double minCutoffHz, double beta) {
    if (!(minCutoffHz > 0) || !(beta >= 0)) {
      throw new IllegalArgumentException(
          "one-euro needs a cutoff above 0 and a beta of 0 or more, is "
              + minCutoffHz
              + ", "
              + beta);
    }
    this.minCutoff = minCutoffHz;
    this.beta = beta;
  }

  @Override
  public float[] next(float[] x, double seconds) {
    if (value == null) {
      value = new double[x.length];
      rate = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        value[i] = x[i];
      }
      lastSeconds = seconds;
      return ScoreFilter.floats(value);
    }
    double dt = seconds - lastSeconds;
    if (!(dt > 0)) {
      dt = FALLBACK_DT;
    }
    lastSeconds = seconds;
    double rateAlpha = alpha(DERIVATIVE_CUTOFF_HZ, dt);
    double speed2 = 0;
    for (int i = 0; i < x.length; i++) {
      rate[i] += rateAlpha * ((x[i] - value[i]) / dt - rate[i]);
      speed2 += rate[i] * rate[i];
    }
    double a = alpha(minCutoff + beta * Math.sqrt(speed2), dt);
    for (int i = 0; i < x.length; i++) {
      value[i] += a * (x[i] - value[i]);
    }
    return ScoreFilter.floats(value);
  }

  /** The smoothing factor of a first-order low-pass with this cutoff, sampled every dt. */
  static double alpha(double cutoffHz, double dt) {
    double tau = 1 / (2 * Math.PI * cutoffHz);
    return 1 / (1 + tau / dt);
  }
}
