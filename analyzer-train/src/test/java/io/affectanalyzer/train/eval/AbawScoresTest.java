package io.affectanalyzer.train.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AbawScoresTest {
  @Test
  void shouldSumTheThreeTaskScoresAsEquationEight() {
    // The paper's EMMA validation row: VA 45.88, EXPR 30.28, AU 50.54 -> 126.70 (126.71 rounded).
    assertEquals(1.267, AbawScores.pMtl(0.4588, 0.4588, 0.3028, 0.5054), 1e-9);
    assertEquals(0.5 + 0.25 + 0.1, AbawScores.pMtl(0.6, 0.4, 0.25, 0.1), 1e-12);
  }

  @Test
  void shouldAverageOnlyTheSixLsdClasses() {
    // Neutral (0) and other (7) are perfect, the six LSD classes get one hit of two each.
    int[] gold = {0, 7, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6};
    int[] pred = {0, 7, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 1};
    ConfusionMatrix m = ConfusionMatrix.of(gold, pred, 8);
    // each LSD class: TP 1 FP 1 FN 1 -> 0.5
    assertEquals(0.5, AbawScores.pLsd(m), 1e-12);
    assertEquals((2 + 6 * 0.5) / 8, m.macroF1(), 1e-12);
  }

  @Test
  void shouldRestrictArgmaxToAllowedClasses() {
    float[] probs = {0.1f, 0.2f, 0.05f, 0.05f, 0.1f, 0.1f, 0.1f, 0.3f};
    assertEquals(7, Predictions.argmax(probs, Predictions.all(8)));
    assertEquals(1, Predictions.argmax(probs, AbawScores.LSD_CLASSES));
  }
}
