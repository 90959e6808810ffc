package io.affectanalyzer.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affectanalyzer.runtime.model.ModelContract;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class VaPriorTest {
  private static Sample of(String expr) {
    return new Sample(
        Path.of("x.png"), AffectLabels.ofExpression(ModelContract.EXPRESSION_NAMES.indexOf(expr)));
  }

  @Test
  void shouldGiveHappinessPositiveAndSadnessNegativeValence() {
    float[] happy = VaPrior.apply(of("happiness")).labels().va();
    float[] sad = VaPrior.apply(of("sadness")).labels().va();
    assertArrayEquals(new float[] {0.81f, 0.51f}, happy, 0f);
    assertTrue(sad[0] < 0 && sad[1] < 0);
    assertArrayEquals(new float[] {0f, 0f}, VaPrior.apply(of("neutral")).labels().va(), 0f);
  }

  @Test
  void shouldLeaveOtherUnlabelledAndRatedFacesAlone() {
    assertFalse(VaPrior.apply(of("other")).labels().hasVa());
    Sample rated =
        new Sample(
            Path.of("y.png"), new AffectLabels(4, AffectLabels.noAu(), new float[] {0.1f, 0.2f}));
    assertSame(rated, VaPrior.apply(rated));
    Sample none = new Sample(Path.of("z.png"), AffectLabels.ofExpression(AffectLabels.NO_EXPR));
    assertFalse(VaPrior.apply(none).labels().hasVa());
  }
}
