package io.affectanalyzer.train.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AuF1Test {
  @Test
  void shouldScoreEachAuOnItsOwnLabelledRows() {
    float[][] prob = {{0.9f, 0.2f}, {0.6f, 0.7f}, {0.1f, 0.8f}, {0.4f, 0.1f}};
    float[][] gold = {{1, 0}, {0, -1}, {1, 1}, {0, 1}};
    // AU a: pred 1 1 0 0 vs gold 1 0 1 0 -> TP 1 FP 1 FN 1 -> 0.5
    // AU b: row 1 unlabelled; pred 0 1 0 vs gold 0 1 1 -> TP 1 FP 0 FN 1 -> 2/3
    double[] f1 = AuF1.perAu(prob, gold, AuF1.halves(2));
    assertArrayEquals(new double[] {0.5, 2.0 / 3.0}, f1, 1e-12);
    assertEquals((0.5 + 2.0 / 3.0) / 2, AuF1.mean(f1), 1e-12);
  }

  @Test
  void shouldUseThresholdsInclusively() {
    float[][] prob = {{0.3f}, {0.29f}};
    float[][] gold = {{1}, {0}};
    assertArrayEquals(new double[] {1.0}, AuF1.perAu(prob, gold, new float[] {0.3f}), 1e-12);
  }

  @Test
  void shouldGiveZeroWhenAnAuIsNeverPresentNorPredicted() {
    float[][] prob = {{0.1f}, {0.2f}};
    float[][] gold = {{0}, {0}};
    assertArrayEquals(new double[] {0.0}, AuF1.perAu(prob, gold, AuF1.halves(1)), 1e-12);
  }
}
