package io.affectanalyzer.train.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CccTest {
  @Test
  void shouldBeOneForIdenticalSeries() {
    float[] x = {0.1f, -0.4f, 0.9f, 0.3f};
    assertEquals(1.0, Ccc.of(x, x), 1e-9);
  }

  @Test
  void shouldMatchHandWorkedValue() {
    // x = 1,2,3; y = 2,2,5: mean 2 and 3; var x = 2/3, var y = 2, cov = (-1*-1 + 0 + 1*2)/3 = 1.
    // CCC = 2 * 1 / (2/3 + 2 + 1) = 6/11.
    assertEquals(6.0 / 11.0, Ccc.of(new float[] {1, 2, 3}, new float[] {2, 2, 5}), 1e-7);
  }

  @Test
  void shouldPenaliseAShiftUnlikePearson() {
    // y = x + 1: rho = 1 but CCC = 2 var / (2 var + 1) with var = 2/3 -> (4/3) / (7/3) = 4/7.
    assertEquals(4.0 / 7.0, Ccc.of(new float[] {1, 2, 3}, new float[] {2, 3, 4}), 1e-7);
  }

  @Test
  void shouldBeMinusOneForMirroredSeries() {
    assertEquals(-1.0, Ccc.of(new float[] {-1, 0, 1}, new float[] {1, 0, -1}), 1e-9);
  }

  @Test
  void shouldBeZeroForConstantPredictions() {
    assertEquals(0.0, Ccc.of(new float[] {0.2f, 0.2f, 0.2f}, new float[] {-1, 0, 1}), 1e-12);
  }

  @Test
  void shouldLeaveOutRowsLabelledMinusFive() {
    float[] pred = {1, 2, 3, 100};
    float[] gold = {2, 2, 5, -5};
    assertEquals(6.0 / 11.0, Ccc.of(pred, gold), 1e-7);
  }

  @Test
  void shouldBeNaNWithoutAnyValidLabel() {
    assertTrue(Double.isNaN(Ccc.of(new float[] {0.1f, 0.2f}, new float[] {-5, -5})));
  }
}
