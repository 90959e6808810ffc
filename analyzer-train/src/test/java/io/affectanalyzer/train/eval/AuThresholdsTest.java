package io.affectanalyzer.train.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AuThresholdsTest {
  @Test
  void shouldPickTheThresholdWithTheBestF1PerAuAndKeepHalfWithoutPositives() {
    // AU 0: its positives score only 0.3, so 0.5 finds none; anything in (0.1, 0.3] finds all, and
    // of those 0.3 is nearest 0.5. AU 1: no positive label. AU 2: 0.5 is already best. AU 3: the
    // unlabelled row (-1) scores high and must not count as a false positive.
    float[][] prob = {
      {0.3f, 0.9f, 0.8f, 0.7f},
      {0.3f, 0.2f, 0.6f, 0.9f},
      {0.1f, 0.7f, 0.2f, 0.2f},
      {0.1f, 0.1f, 0.4f, 0.95f}
    };
    float[][] gold = {
      {1, 0, 1, 1},
      {1, 0, 1, 1},
      {0, 0, 0, 0},
      {0, 0, 0, -1}
    };
    float[] t = AuThresholds.tune(prob, gold);
    assertArrayEquals(new float[] {0.3f, 0.5f, 0.5f, 0.5f}, t, 1e-6f);
    assertEquals(1.0, AuF1.perAu(prob, gold, t)[0], 1e-9);
    assertEquals(0.0, AuF1.perAu(prob, gold, AuF1.halves(4))[0], 1e-9);
  }
}
