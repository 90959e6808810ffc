package io.affectanalyzer.train.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.affectanalyzer.train.testing.Collector;
import org.junit.jupiter.api.Test;

class CotexLossTest {
  @Test
  void shouldAddBothCrossEntropiesAndWeightedJs() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray l1 = m.randomNormal(new Shape(3, 6));
      NDArray l2 = m.randomNormal(new Shape(3, 6));
      NDArray y = m.create(new long[] {0, 5, -1});
      float expected =
          ExprCeLoss.of(l1, y).getFloat()
              + ExprCeLoss.of(l2, y).getFloat()
              + 2.5f * JsDivergence.of(l1, l2).getFloat();
      float got = new CotexLoss(2.5f).evaluate(new NDList(y), new NDList(l1, l2)).getFloat();
      assertEquals(expected, got, 1e-5);
    }
  }

  @Test
  void shouldGiveTheSameGradientWhenTheGarbageCollectorRunsBeforeBackward() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray l1 = m.randomNormal(new Shape(4, 8));
      NDArray l2 = m.randomNormal(new Shape(4, 8));
      NDArray y = m.create(new long[] {0, 5, -1, 3});
      l1.setRequiresGradient(true);
      float[] plain = gradient(l1, l2, y, false);
      float[] collected = gradient(l1, l2, y, true);
      assertArrayEquals(plain, collected, 1e-6f);
    }
  }

  private static float[] gradient(NDArray l1, NDArray l2, NDArray y, boolean collect) {
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray total = new CotexLoss(2.5f).evaluate(new NDList(y), new NDList(l1, l2));
      if (collect) {
        Collector.collectAndFree(); // freed the JS term's constants before the Scalars fix
      }
      gc.backward(total);
    }
    float[] g = l1.getGradient().toFloatArray();
    l1.getGradient().set(new ai.djl.ndarray.index.NDIndex("..."), 0f);
    return g;
  }
}
