package io.affectanalyzer.train.eval;

/**
 * Per-AU F1 of the positive class, as ABAW scores action units. Probabilities at or above an AU's
 * threshold count as "present"; labels of -1 (not annotated) are left out for that AU only.
 */
public final class AuF1 {
  private AuF1() {}

  /**
   * @param prob {@code [n][aus]} probabilities
   * @param gold {@code [n][aus]} labels: 1 present, 0 absent, -1 no label
   * @param thresholds one per AU
   * @return F1 per AU; 0 for an AU with no positive label and no positive prediction
   */
  public static double[] perAu(float[][] prob, float[][] gold, float[] thresholds) {
    if (prob.length != gold.length) {
      throw new IllegalArgumentException(
          "predictions and labels differ in length: " + prob.length + " vs " + gold.length);
    }
    int aus = thresholds.length;
    double[] f1 = new double[aus];
    for (int a = 0; a < aus; a++) {
      long tp = 0;
      long fp = 0;
      long fn = 0;
      for (int i = 0; i < gold.length; i++) {
        float label = gold[i][a];
        if (label < 0) {
          continue;
        }
        boolean predicted = prob[i][a] >= thresholds[a];
        boolean present = label > 0.5f;
        if (predicted && present) {
          tp++;
        } else if (predicted) {
          fp++;
        } else if (present) {
          fn++;
        }
      }
      long denominator = 2 * tp + fp + fn;
      f1[a] = denominator == 0 ? 0 : 2.0 * tp / denominator;
    }
    return f1;
  }

  public static float[] halves(int aus) {
    float[] t = new float[aus];
    java.util.Arrays.fill(t, 0.5f);
    return t;
  }

  public static double mean(double[] f1) {
    return java.util.Arrays.stream(f1).average().orElse(Double.NaN);
  }
}
