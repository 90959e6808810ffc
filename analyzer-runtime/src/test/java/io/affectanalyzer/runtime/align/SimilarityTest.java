package io.affectanalyzer.runtime.align;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SimilarityTest {
  @Test
  void shouldRecoverAKnownScaleRotationAndTranslationExactly() {
    Random rnd = new Random(7);
    for (int trial = 0; trial < 20; trial++) {
      Similarity truth =
          Similarity.of(
              0.2 + 3 * rnd.nextDouble(),
              (rnd.nextDouble() - 0.5) * 2 * Math.PI * 0.95,
              rnd.nextGaussian() * 200,
              rnd.nextGaussian() * 200);
      int n = 4;
      float[] src = new float[2 * n];
      float[] dst = new float[2 * n];
      for (int i = 0; i < n; i++) {
        src[2 * i] = (float) (rnd.nextDouble() * 600);
        src[2 * i + 1] = (float) (rnd.nextDouble() * 400);
        dst[2 * i] = (float) truth.applyX(src[2 * i], src[2 * i + 1]);
        dst[2 * i + 1] = (float) truth.applyY(src[2 * i], src[2 * i + 1]);
      }
      Similarity fit = Similarity.fit(src, dst, n);
      assertEquals(truth.scale(), fit.scale(), 1e-4);
      assertEquals(truth.rotation(), fit.rotation(), 1e-4);
      assertEquals(truth.tx(), fit.tx(), 1e-4);
      assertEquals(truth.ty(), fit.ty(), 1e-4);
    }
  }

  @Test
  void shouldNeverReflectEvenWhenThePointsAreMirrored() {
    float[] src = {0, 0, 10, 0, 5, 8, 5, 14};
    float[] mirrored = {0, 0, -10, 0, -5, 8, -5, 14};
    Similarity fit = Similarity.fit(src, mirrored, 4);
    // A reflection would fit exactly; a proper similarity cannot, so residuals remain.
    double residual = 0;
    for (int i = 0; i < 4; i++) {
      residual +=
          Math.hypot(
              fit.applyX(src[2 * i], src[2 * i + 1]) - mirrored[2 * i],
              fit.applyY(src[2 * i], src[2 * i + 1]) - mirrored[2 * i + 1]);
    }
    assertTrue(residual > 1, "residual " + residual);
  }

  @Test
  void shouldRefuseCoincidentOrMissingPoints() {
    float[] same = {3, 3, 3, 3, 3, 3, 3, 3};
    assertThrows(IllegalArgumentException.class, () -> Similarity.fit(same, same, 4));
    float[] nan = {Float.NaN, 0, 10, 0, 5, 8, 5, 14};
    assertThrows(IllegalArgumentException.class, () -> Similarity.fit(nan, same, 4));
  }
}
