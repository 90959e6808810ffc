package io.affectanalyzer.train.eval;

import java.util.Arrays;

/**
 * Counts of (gold, predicted) class pairs; {@code counts[gold][pred]}, and per gold class the rows
 * with no prediction at all ({@code unpredicted}: no face found), which count as wrong. Rows whose
 * gold label is negative (ABAW's -1, no label) are left out.
 */
public record ConfusionMatrix(long[][] counts, long[] unpredicted) {
  public ConfusionMatrix(long[][] counts) {
    this(counts, new long[counts.length]);
  }

  public static ConfusionMatrix of(int[] gold, int[] pred, int classes) {
    if (gold.length != pred.length) {
      throw new IllegalArgumentException(
          "predictions and labels differ in length: " + pred.length + " vs " + gold.length);
    }
    long[][] counts = new long[classes][classes];
    long[] unpredicted = new long[classes];
    for (int i = 0; i < gold.length; i++) {
      if (gold[i] < 0) {
        continue;
      }
      if (gold[i] < classes && pred[i] == Predictions.NONE) {
        unpredicted[gold[i]]++;
        continue;
      }
      if (gold[i] >= classes || pred[i] < 0 || pred[i] >= classes) {
        throw new IllegalArgumentException(
            "class out of range 0.." + (classes - 1) + ": gold " + gold[i] + ", pred " + pred[i]);
      }
      counts[gold[i]][pred[i]]++;
    }
    return new ConfusionMatrix(counts, unpredicted);
  }

  public int classes() {
    return counts.length;
  }

  public long total() {
    return Arrays.stream(counts).flatMapToLong(Arrays::stream).sum() + unpredictedTotal();
  }

  public long unpredictedTotal() {
    return Arrays.stream(unpredicted).sum();
  }

  /** Fraction of counted rows on the diagonal; NaN when nothing was counted. */
  public double accuracy() {
    long total = total();
    long hits = 0;
    for (int c = 0; c < classes(); c++) {
      hits += counts[c][c];
    }
    return total == 0 ? Double.NaN : (double) hits / total;
  }

  /**
   * F1 of class {@code c}: {@code 2 TP / (2 TP + FP + FN)}, 0 when the class is neither present nor
   * predicted (scikit-learn's zero_division=0, as the ABAW scripts use).
   */
  public double f1(int c) {
    long tp = counts[c][c];
    long fp = 0;
    long fn = unpredicted[c];
    for (int k = 0; k < classes(); k++) {
      if (k != c) {
        fp += counts[k][c];
        fn += counts[c][k];
      }
    }
    long denominator = 2 * tp + fp + fn;
    return denominator == 0 ? 0 : 2.0 * tp / denominator;
  }

  public double[] f1PerClass() {
    double[] f1 = new double[classes()];
    for (int c = 0; c < f1.length; c++) {
      f1[c] = f1(c);
    }
    return f1;
  }

  /** Unweighted mean F1 over every class. */
  public double macroF1() {
    return Arrays.stream(f1PerClass()).average().orElse(Double.NaN);
  }

  /** Unweighted mean F1 over the given classes only (e.g. the six LSD classes). */
  public double macroF1(int... classes) {
    return Arrays.stream(classes).mapToDouble(this::f1).average().orElse(Double.NaN);
  }
}
