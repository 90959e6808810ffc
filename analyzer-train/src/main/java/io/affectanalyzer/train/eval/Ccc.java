package io.affectanalyzer.train.eval;

/**
 * Concordance correlation coefficient, as ABAW scores valence and arousal: {@code 2 cov(x, y) /
 * (var x + var y + (mean x - mean y)^2)} with population (1/n) moments.
 */
public final class Ccc {
  /** The label ABAW writes where valence or arousal is not annotated. */
  public static final float NO_LABEL = -5f;

  private Ccc() {}

  /**
   * CCC of {@code pred} against {@code gold} over the rows whose gold is not {@link #NO_LABEL}.
   * Constant predictions against varying labels give 0. NaN when no row is valid, or when both
   * sides are constant (the formula is 0/0 there).
   */
  public static double of(float[] pred, float[] gold) {
    if (pred.length != gold.length) {
      throw new IllegalArgumentException(
          "predictions and labels differ in length: " + pred.length + " vs " + gold.length);
    }
    int n = 0;
    double sumX = 0;
    double sumY = 0;
    for (int i = 0; i < gold.length; i++) {
      if (gold[i] != NO_LABEL) {
        n++;
        sumX += pred[i];
        sumY += gold[i];
      }
    }
    if (n == 0) {
      return Double.NaN;
    }
    double meanX = sumX / n;
    double meanY = sumY / n;
    double varX = 0;
    double varY = 0;
    double cov = 0;
    for (int i = 0; i < gold.length; i++) {
      if (gold[i] != NO_LABEL) {
        double dx = pred[i] - meanX;
        double dy = gold[i] - meanY;
        varX += dx * dx;
        varY += dy * dy;
        cov += dx * dy;
      }
    }
    double denominator = (varX + varY) / n + (meanX - meanY) * (meanX - meanY);
    return denominator == 0 ? Double.NaN : 2 * (cov / n) / denominator;
  }
}
