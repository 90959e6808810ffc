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

class CccLossTest {
  @Test
  void shouldBeZeroForIdenticalSeries() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray va =
          m.create(new float[] {0.1f, -0.5f, 0.7f, 0.2f, -0.9f, 0.4f, 0.3f, 0f}, new Shape(4, 2));
      assertEquals(0f, CccLoss.of(va, va).getFloat(), 1e-3);
    }
  }

  @Test
  void shouldBeTwoPerColumnForAnticorrelatedSeries() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray y = m.create(new float[] {0.5f, -0.5f, -0.5f, 0.5f}, new Shape(2, 2));
      // CCC = -1 in both columns: the loss is 2 + 2.
      assertEquals(4f, CccLoss.of(y.neg(), y).getFloat(), 1e-3);
    }
  }

  @Test
  void shouldMaskMinusFivePerColumnWithZeroGradient() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray pred = m.randomUniform(-1f, 1f, new Shape(5, 2));
      pred.setRequiresGradient(true);
      float[] y = {0.2f, -5f, -0.4f, 0.1f, 0.6f, -5f, -5f, -5f, 0.9f, 0.3f};
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        gc.backward(CccLoss.of(pred, m.create(y, new Shape(5, 2))));
      }
      float[] g = pred.getGradient().toFloatArray();
      assertEquals(0f, g[1], 0f); // arousal of row 0 missing
      assertArrayEquals(new float[] {0f, 0f}, new float[] {g[6], g[7]}, 0f); // row 3 missing
      assertTrue(Math.abs(g[0]) > 0);
    }
  }

  @Test
  void shouldContributeZeroForAColumnWithoutEnoughLabels() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray pred = m.randomUniform(-1f, 1f, new Shape(3, 2));
      NDArray labels = m.full(new Shape(3, 2), -5f);
      assertEquals(0f, CccLoss.of(pred, labels).getFloat(), 0f);
    }
  }
}
