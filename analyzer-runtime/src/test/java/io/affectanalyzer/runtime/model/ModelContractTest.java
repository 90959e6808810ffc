package io.affectanalyzer.runtime.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ModelContractTest {
  @Test
  void shouldLabelAnExpressionByItsMostProbableClassAndTheFirstOnATie() {
    float[] happy = {0.1f, 0, 0, 0, 0.6f, 0.3f, 0, 0};
    assertEquals(4, ModelContract.expressionIndex(happy));
    assertEquals("happiness", ModelContract.expressionLabel(happy));
    float[] tie = {0, 0, 0, 0, 0, 0.5f, 0.5f, 0};
    assertEquals("sadness", ModelContract.expressionLabel(tie));
    assertEquals("other", ModelContract.expressionLabel(new float[] {0, 0, 0, 0, 0, 0, 0, 1}));
  }
}
