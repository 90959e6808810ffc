package io.affectanalyzer.train.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class JsDivergenceTest {
  @Test
  void shouldBeZeroForEqualDistributions() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray a = m.randomNormal(new Shape(4, 8));
      // Logits that differ by a per-row constant give the same softmax.
      assertEquals(0f, JsDivergence.of(a, a.add(3f)).getFloat(), 1e-6);
    }
  }

  @Test
  void shouldBeSymmetricPositiveAndBelowLnTwo() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray a = m.randomNormal(new Shape(4, 8)).mul(3f);
      NDArray b = m.randomNormal(new Shape(4, 8)).mul(3f);
      float ab = JsDivergence.of(a, b).getFloat();
      assertEquals(ab, JsDivergence.of(b, a).getFloat(), 1e-6);
      assertTrue(ab > 0 && ab < Math.log(2), "JS = " + ab);
    }
  }

  @Test
  void shouldApproachLnTwoForDisjointDistributions() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray a = m.create(new float[] {50f, 0f}, new Shape(1, 2));
      NDArray b = m.create(new float[] {0f, 50f}, new Shape(1, 2));
      assertEquals(Math.log(2), JsDivergence.of(a, b).getFloat(), 1e-4);
    }
  }
}
