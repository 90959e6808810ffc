package io.affectanalyzer.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class GaussianBlurTest {
  @Test
  void shouldHaveNormalisedSymmetricTapsOfRadiusThreeSigma() {
    float[] k = GaussianBlur.kernel(3.0);
    assertEquals(19, k.length);
    double sum = 0;
    for (int i = 0; i < k.length; i++) {
      sum += k[i];
      assertEquals(k[i], k[k.length - 1 - i], 1e-7);
    }
    assertEquals(1.0, sum, 1e-5);
    assertTrue(k[9] > k[8] && k[8] > k[0]);
    assertArrayEquals(new float[] {1f}, GaussianBlur.kernel(0));
    assertThrows(IllegalArgumentException.class, () -> GaussianBlur.kernel(-1));
  }

  @Test
  void shouldKeepAFlatImageAndSpreadAnImpulseSeparably() {
    int size = 16;
    float[] flat = new float[3 * size * size];
    java.util.Arrays.fill(flat, 0.25f);
    GaussianBlur.apply(flat, 3, size, 2.0);
    for (float v : flat) {
      assertEquals(0.25f, v, 1e-6); // clamped edges: no darkening at the border
    }
    float[] impulse = new float[size * size];
    impulse[8 * size + 8] = 1;
    GaussianBlur.apply(impulse, 1, size, 1.0);
    float[] k = GaussianBlur.kernel(1.0);
    int r = k.length / 2;
    assertEquals(k[r] * k[r], impulse[8 * size + 8], 1e-6);
    assertEquals(k[r] * k[r + 2], impulse[8 * size + 10], 1e-6);
    assertEquals(k[r + 1] * k[r + 3], impulse[9 * size + 11], 1e-6);
  }

  @Test
  void shouldMakeNoiseLessSharpAsSharpnessCheckMeasuresIt() {
    int size = 48;
    float[] noise = new float[3 * size * size];
    Random random = new Random(3);
    for (int i = 0; i < noise.length; i++) {
      noise[i] = (float) random.nextGaussian();
    }
    double before = SharpnessCheck.of(noise, size);
    GaussianBlur.apply(noise, 3, size, 3.0);
    double after = SharpnessCheck.of(noise, size);
    assertTrue(after < before / 100, before + " -> " + after);
  }
}
