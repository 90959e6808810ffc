package io.affectanalyzer.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.affectanalyzer.runtime.model.ModelContract;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelOptionsTest {
  @Test
  void shouldSayHowTheExpressionOutputWasBuilt() {
    assertEquals("", ModelOptions.expressionNote(Map.of()));
    assertEquals(
        "; its expressions average in its DAN's; its expressions are corrected for its training"
            + " data's class shares",
        ModelOptions.expressionNote(
            Map.of(
                ModelContract.META_EXPR_WITH_DAN,
                "true",
                ModelContract.META_EXPR_BIAS,
                "0.5,0.6,2.0,0.6,0,0.5,0.7,0")));
    assertEquals(
        "", ModelOptions.expressionNote(Map.of(ModelContract.META_EXPR_WITH_DAN, "false")));
    assertEquals(
        "; its expressions average in its DAN's and another DAN's",
        ModelOptions.expressionNote(
            Map.of(
                ModelContract.META_EXPR_WITH_DAN,
                "true",
                ModelContract.META_EXPR_ENSEMBLE,
                "p6-dan2-mixed/epoch-018")));
    assertEquals(
        "; its expressions average in 2 DANs'",
        ModelOptions.expressionNote(Map.of(ModelContract.META_EXPR_ENSEMBLE, "a/epoch-001,b")));
  }
}
