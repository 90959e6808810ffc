package io.affectanalyzer.train.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LrScheduleTest {
  @Test
  void shouldWarmUpLinearlyThenFollowHalfCosineToMinimum() {
    LrSchedule s = new LrSchedule(1e-3, 1e-6, 10, 110);
    assertEquals(1e-4, s.lrAt(0), 1e-15);
    assertEquals(5e-4, s.lrAt(4), 1e-15);
    assertEquals(1e-3, s.lrAt(9), 1e-15);
    assertEquals(1e-3, s.lrAt(10), 1e-15); // cosine starts at the top
    assertEquals(1e-6 + (1e-3 - 1e-6) * 0.5, s.lrAt(60), 1e-15); // half-way
    assertEquals(1e-6 + (1e-3 - 1e-6) * 0.5 * (1 + Math.cos(Math.PI * 0.25)), s.lrAt(35), 1e-15);
    assertEquals(1e-6, s.lrAt(110), 1e-15);
    assertEquals(1e-6, s.lrAt(500), 1e-15);
    for (long k = 10; k < 110; k++) {
      assertTrue(s.lrAt(k + 1) <= s.lrAt(k), "not decreasing at " + k);
    }
  }

  @Test
  void shouldRunCosineFromStepZeroWithoutWarmup() {
    LrSchedule s = new LrSchedule(2.0, 0.0, 0, 4);
    assertEquals(2.0, s.lrAt(0), 1e-12);
    assertEquals(1.0, s.lrAt(2), 1e-12);
    assertThrows(IllegalArgumentException.class, () -> new LrSchedule(1, 2, 0, 4));
  }

  @Test
  void shouldEndTheCosineAtTheLastEpochWhenAContinuedRunHasMoreStepsPerEpoch() {
    // 14 epochs of 224 steps done, continued to epoch 20 on twice the faces: 448 steps an epoch.
    LrSchedule continued = LrSchedule.forRun(2e-3, 1e-6, 0.5, 448, 20, 14, 3136);
    assertEquals(3136 + 6 * 448, continued.totalSteps());
    assertEquals(1e-6, continued.lrAt(3136 + 6 * 448), 1e-15);
    assertTrue(continued.lrAt(3136 + 6 * 448 - 1) < 1e-5, "near the minimum at the last step");
    assertTrue(continued.lrAt(3136) > 8e-4, "a warm restart: the rate rises again");
    // A fresh run, and one resumed on the same data, keep epochs * steps per epoch.
    assertEquals(20 * 448, LrSchedule.forRun(2e-3, 1e-6, 0.5, 448, 20, 0, 0).totalSteps());
    assertEquals(20 * 448, LrSchedule.forRun(2e-3, 1e-6, 0.5, 448, 20, 7, 7 * 448).totalSteps());
    assertEquals(224, LrSchedule.forRun(2e-3, 1e-6, 0.5, 448, 20, 0, 0).warmupSteps());
  }
}
