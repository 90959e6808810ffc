package io.affectanalyzer.train.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class AuBceLossTest {
  private static double bce(double x, double y, double pw) {
    double p = 1 / (1 + Math.exp(-x));
    return -(pw * y * Math.log(p) + (1 - y) * Math.log(1 - p));
  }

  @Test
  void shouldWeightPositivesPerAuAndIgnoreMissingLabels() {
    try (NDManager m = NDManager.newBaseManager()) {
      float[] x = new float[24];
      float[] y = new float[24];
      for (int i = 0; i < 24; i++) {
        x[i] = (i % 5) - 2f;
        y[i] = i % 3 == 0 ? 1f : (i % 3 == 1 ? 0f : -1f);
      }
      double sum = 0;
      int count = 0;
      for (int i = 0; i < 24; i++) {
        if (y[i] >= 0) {
          sum += bce(x[i], y[i], AuBceLoss.REFERENCE_POS_WEIGHTS[i % 12]);
          count++;
        }
      }
      NDArray loss =
          new AuBceLoss().of(m.create(x, new Shape(2, 12)), m.create(y, new Shape(2, 12)));
      assertEquals(sum / count, loss.getFloat(), 1e-4);
    }
  }

  @Test
  void shouldGiveExactlyZeroGradientToMaskedEntries() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray logits = m.randomNormal(new Shape(3, 12));
      logits.setRequiresGradient(true);
      float[] y = new float[36];
      java.util.Arrays.fill(y, 0, 12, 1f);
      java.util.Arrays.fill(y, 12, 24, -1f); // row 1 has no AU label
      NDArray labels = m.create(y, new Shape(3, 12));
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        gc.backward(new AuBceLoss().of(logits, labels));
      }
      assertArrayEquals(new float[12], logits.getGradient().get("1").toFloatArray(), 0f);
      assertTrue(logits.getGradient().get("2").abs().sum().getFloat() > 0);
    }
  }

  @Test
  void shouldBeZeroWithoutNanWhenNoAuIsLabelled() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray labels = m.full(new Shape(2, 12), -1f);
      assertEquals(0f, new AuBceLoss().of(m.randomNormal(new Shape(2, 12)), labels).getFloat(), 0f);
    }
  }

  @Test
  void shouldWeighPositivesByNegativesOverPositivesInTheTrainingLabels() {
    // AU 0: 1 positive, 3 negatives, one row unlabelled; AU 1: never present; AU 2: 1 in 101
    // (capped); a row without AUs at all (a FER2013 face) counts for nothing.
    float[] fer = {-1, -1, -1};
    java.util.List<float[]> rows = new java.util.ArrayList<>();
    rows.add(new float[] {1, 0, 1});
    rows.add(new float[] {0, 0, 0});
    rows.add(new float[] {0, 0, 0});
    rows.add(new float[] {0, 0, 0});
    rows.add(new float[] {-1, 0, 0});
    for (int i = 0; i < 96; i++) {
      rows.add(new float[] {-1, -1, 0});
    }
    rows.add(fer);
    float[] w = AuBceLoss.posWeightsOf(rows, 3);
    assertArrayEquals(new float[] {3f, 1f, AuBceLoss.MAX_POS_WEIGHT}, w, 1e-6f);
  }
}
