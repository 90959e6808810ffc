package io.affectanalyzer.train.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.affectanalyzer.train.testing.Collector;
import org.junit.jupiter.api.Test;

class ScalarsTest {
  @Test
  void shouldKeepTheConstantForBackwardAfterAGarbageCollection() {
    try (NDManager manager = NDManager.newBaseManager()) {
      float[] values = {-2f, -0.5f, 0.05f, 0.2f, 3f};
      NDArray x = manager.create(values);
      x.setRequiresGradient(true);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray y = Scalars.mul(x, 3f).add(Scalars.div(x, 4f)).add(Scalars.maximum(x, 0.1f)).sum();
        // DJL's own x.mul(3f) gave a gradient of -1.1e34 here: its constant had been freed.
        Collector.collectAndFree();
        gc.backward(y);
      }
      float[] expected = new float[values.length];
      for (int i = 0; i < values.length; i++) {
        expected[i] = 3f + 0.25f + (values[i] > 0.1f ? 1f : 0f);
      }
      assertArrayEquals(expected, x.getGradient().toFloatArray(), 1e-6f);
    }
  }
}
