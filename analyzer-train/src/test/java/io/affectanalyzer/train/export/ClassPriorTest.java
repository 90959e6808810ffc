package io.affectanalyzer.train.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affectanalyzer.train.data.DataFormatException;
import io.affectanalyzer.train.trainer.DataSource;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassPriorTest {
  @Test
  void shouldLiftEachClassByTauTimesTheLogOfHowMuchRarerItIsThanTheCommonest() {
    long[] counts = {400, 100, 25, 0, 800, 200, 100, 0};
    float[] bias = ClassPrior.logitBias(counts, 1.0);
    assertEquals((float) Math.log(2), bias[0], 1e-6f);
    assertEquals((float) Math.log(32), bias[2], 1e-6f);
    assertEquals(0f, bias[4]); // the commonest
    assertEquals(0f, bias[3]); // never seen: not lifted
    float[] half = ClassPrior.logitBias(counts, 0.5);
    for (int c = 0; c < counts.length; c++) {
      assertEquals(bias[c] / 2, half[c], 1e-6f);
    }
    assertArrayEquals(new float[8], ClassPrior.logitBias(counts, 0));
    // Under 1% of the faces: too few to trust the model's estimate, not lifted either.
    long[] few = {400, 100, 25, 10, 800, 200, 100, 0};
    assertEquals(0f, ClassPrior.logitBias(few, 1.0)[3]);
    few[3] = 17; // 17 of 1,642
    assertEquals((float) Math.log(800 / 17.0), ClassPrior.logitBias(few, 1.0)[3], 1e-6f);
  }

  @Test
  void shouldSayWhichTrainingSourceItCouldNotCount(@TempDir Path dir) {
    DataSource missing =
        new DataSource("folder", "aligned", null, "fer2013", null, null, null, null, null, null);
    DataFormatException e =
        assertThrows(DataFormatException.class, () -> ClassPrior.counts(List.of(missing), dir));
    assertTrue(
        e.getMessage().startsWith("the class prior is counted over the training data, and folder"),
        e.getMessage());
    assertTrue(e.getMessage().contains("aligned"), e.getMessage());
  }

  @Test
  void shouldRefuseANegativeTauAndDataWithoutExpressions() {
    assertThrows(IllegalArgumentException.class, () -> ClassPrior.logitBias(new long[] {1}, -1));
    assertThrows(IllegalArgumentException.class, () -> ClassPrior.logitBias(new long[8], 1));
  }
}
