package io.affectanalyzer.train.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HalfTest {
  @Test
  void shouldEncodeKnownValuesExactly() {
    assertEquals((short) 0x3C00, Half.fromFloat(1f));
    assertEquals((short) 0xC000, Half.fromFloat(-2f));
    assertEquals((short) 0x7BFF, Half.fromFloat(65504f));
    assertEquals((short) 0x7C00, Half.fromFloat(1e6f));
    assertEquals((short) 0x0001, Half.fromFloat(0x1p-24f));
    assertEquals((short) 0x3555, Half.fromFloat(1f / 3)); // 0.333251953125, nearest half
  }

  @Test
  void shouldRoundTripWithinHalfPrecision() {
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < 10_000; i++) {
      float v = (float) (random.nextGaussian() * 3);
      float back = Half.toFloat(Half.fromFloat(v));
      assertEquals(v, back, Math.max(Math.abs(v) * 0x1p-11f, 0x1p-25f), "value " + v);
    }
  }
}
