package io.affectanalyzer.train.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {
  // gold: 0 0 0 1 1 2 ; pred: 0 0 1 1 2 2  (and a row with gold -1 that must be ignored)
  private final ConfusionMatrix m =
      ConfusionMatrix.of(new int[] {0, 0, 0, 1, 1, 2, -1}, new int[] {0, 0, 1, 1, 2, 2, 0}, 3);

  @Test
  void shouldCountPairsAndIgnoreUnlabelledRows() {
    assertArrayEquals(new long[] {2, 1, 0}, m.counts()[0]);
    assertArrayEquals(new long[] {0, 1, 1}, m.counts()[1]);
    assertArrayEquals(new long[] {0, 0, 1}, m.counts()[2]);
    assertEquals(6, m.total());
  }

  @Test
  void shouldComputeAccuracyOnLabelledRows() {
    assertEquals(4.0 / 6.0, m.accuracy(), 1e-12);
  }

  @Test
  void shouldComputePerClassF1ByHand() {
    // class 0: TP 2 FP 0 FN 1 -> 4/5; class 1: TP 1 FP 1 FN 1 -> 2/4; class 2: TP 1 FP 1 FN 0 ->
    // 2/3
    assertArrayEquals(new double[] {0.8, 0.5, 2.0 / 3.0}, m.f1PerClass(), 1e-12);
    assertEquals((0.8 + 0.5 + 2.0 / 3.0) / 3, m.macroF1(), 1e-12);
    assertEquals((0.8 + 2.0 / 3.0) / 2, m.macroF1(0, 2), 1e-12);
  }

  @Test
  void shouldGiveZeroF1ToAClassNeverPredicted() {
    ConfusionMatrix never = ConfusionMatrix.of(new int[] {0, 1, 1}, new int[] {0, 0, 0}, 2);
    assertEquals(0.0, never.f1(1));
    assertEquals(0.5, never.f1(0), 1e-12); // TP 1 FP 2 FN 0 -> 2 / (2 + 2)
  }

  @Test
  void shouldGiveZeroF1ToAClassAbsentAndNeverPredicted() {
    ConfusionMatrix absent = ConfusionMatrix.of(new int[] {0, 0}, new int[] {0, 0}, 3);
    assertArrayEquals(new double[] {1, 0, 0}, absent.f1PerClass(), 1e-12);
  }

  @Test
  void shouldBeNaNAccuracyWithoutLabels() {
    assertTrue(Double.isNaN(ConfusionMatrix.of(new int[] {-1}, new int[] {0}, 2).accuracy()));
  }

  @Test
  void shouldRejectAClassOutOfRange() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ConfusionMatrix.of(new int[] {3}, new int[] {0}, 3));
    assertTrue(e.getMessage().contains("out of range"));
  }
}
