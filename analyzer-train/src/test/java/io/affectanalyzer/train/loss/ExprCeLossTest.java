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

class ExprCeLossTest {
  @Test
  void shouldEqualTheMeanNegativeLogLikelihoodOfLabelledRowsOnly() {
    try (NDManager m = NDManager.newBaseManager()) {
      float[] raw = {2f, 0f, -1f, 0.5f, 0.5f, 3f, 9f, -9f, 0f};
      NDArray logits = m.create(raw, new Shape(3, 3));
      NDArray labels = m.create(new long[] {0, 2, -1});
      double row0 = -(2 - Math.log(Math.exp(2) + 1 + Math.exp(-1)));
      double row1 = -(3 - Math.log(2 * Math.exp(0.5) + Math.exp(3)));
      assertEquals((row0 + row1) / 2, ExprCeLoss.of(logits, labels).getFloat(), 1e-5);
    }
  }

  @Test
  void shouldGiveExactlyZeroGradientToUnlabelledRows() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray logits = m.randomNormal(new Shape(4, 8));
      logits.setRequiresGradient(true);
      NDArray labels = m.create(new long[] {3, -1, 7, -1});
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        gc.backward(ExprCeLoss.of(logits, labels));
      }
      NDArray grad = logits.getGradient();
      assertArrayEquals(new float[8], grad.get("1").toFloatArray(), 0f);
      assertArrayEquals(new float[8], grad.get("3").toFloatArray(), 0f);
      assertTrue(grad.get("0").abs().sum().getFloat() > 0);
    }
  }

  @Test
  void shouldContributeZeroWithoutNanWhenNoRowIsLabelled() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray logits = m.randomNormal(new Shape(2, 8));
      logits.setRequiresGradient(true);
      NDArray loss;
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        loss = ExprCeLoss.of(logits, m.create(new long[] {-1, -1}));
        gc.backward(loss);
      }
      assertEquals(0f, loss.getFloat(), 0f);
      assertArrayEquals(new float[16], logits.getGradient().toFloatArray(), 0f);
    }
  }
}
