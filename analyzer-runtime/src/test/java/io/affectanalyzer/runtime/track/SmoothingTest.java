package io.affectanalyzer.runtime.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SmoothingTest {
  @Test
  void shouldReadEachFormOfTheOption() {
    assertFalse(Smoothing.parse("none").on());
    Smoothing ema = Smoothing.parse("ema:0.3");
    assertEquals(Smoothing.Kind.EMA, ema.kind());
    assertEquals(0.3, ema.alpha());
    Smoothing defaults = Smoothing.parse(Smoothing.DEFAULT);
    assertEquals(Smoothing.Kind.ONE_EURO, defaults.kind());
    assertEquals(Smoothing.DEFAULT_MIN_CUTOFF_HZ, defaults.minCutoffHz());
    assertEquals(Smoothing.DEFAULT_BETA, defaults.beta());
    Smoothing tuned = Smoothing.parse("one-euro:2:0.5");
    assertEquals(2, tuned.minCutoffHz());
    assertEquals(0.5, tuned.beta());
    assertEquals(Smoothing.DEFAULT_BETA, Smoothing.parse("one-euro:2").beta());
    for (Smoothing s : new Smoothing[] {Smoothing.NONE, ema, tuned}) {
      assertEquals(s, Smoothing.parse(s.toString()), "round trip of " + s);
    }
  }

  @Test
  void shouldRefuseWhatItCannotRead() {
    for (String bad :
        new String[] {
          "",
          "ema",
          "ema:",
          "ema:0",
          "ema:1.5",
          "ema:x",
          "one-euro:0",
          "one-euro:1:-1",
          "one-euro:1:2:3",
          "none:1",
          "kalman",
          "ema:NaN"
        }) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Smoothing.parse(bad), bad);
      assertTrue(e.getMessage().startsWith("--smooth"), e.getMessage());
    }
  }
}
