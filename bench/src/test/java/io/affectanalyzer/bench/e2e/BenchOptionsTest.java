package io.affectanalyzer.bench.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {
  @Test
  void shouldReadListsAndKeepOnlyGivenInputs() {
    BenchOptions o =
        BenchOptions.parse(
            new String[] {"--out", "r", "--input", "a.mp4", "--batches", "2,4", "--threads", "1"});
    assertEquals(Path.of("r"), o.out);
    assertEquals(null, o.videos);
    assertArrayEquals(new int[] {2, 4}, o.batches);
    assertEquals(1, o.threads);
  }

  @Test
  void shouldShortenEverythingWhenQuick() {
    BenchOptions o = BenchOptions.parse(new String[] {"--out", "r", "--quick"});
    assertArrayEquals(new int[] {1, 2}, o.streams);
    assertEquals(10, o.memorySeconds);
    assertEquals(0, o.memoryLoops); // none given: the loops follow from the seconds
    assertEquals(2, o.warmupSeconds);
  }

  @Test
  void shouldWarmUpThirtySecondsUnlessToldOtherwise() {
    assertEquals(30, BenchOptions.parse(new String[] {"--out", "r"}).warmupSeconds);
    assertEquals(
        0, BenchOptions.parse(new String[] {"--out", "r", "--warmup-seconds", "0"}).warmupSeconds);
  }

  @Test
  void shouldPinAsTheAnalyzerDoesUnlessToldOtherwise() {
    assertEquals("auto", BenchOptions.parse(new String[] {"--out", "r"}).pinInference);
    assertEquals(
        "off",
        BenchOptions.parse(new String[] {"--out", "r", "--pin-inference", "off"}).pinInference);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> BenchOptions.parse(new String[] {"--out", "r", "--pin-inference", "yes"}));
    assertEquals("--pin-inference must be auto, always or off, is yes", e.getMessage());
  }

  @Test
  void shouldTakeAGivenLoopCountOverTheMemoryRunsLength() {
    BenchOptions o = BenchOptions.parse(new String[] {"--out", "r", "--memory-loops", "4"});
    assertEquals(4, o.memoryLoops);
    assertEquals(60, o.memorySeconds);
  }

  @Test
  void shouldExplainABadOptionInOneLine() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> BenchOptions.parse(new String[] {"--out", "r", "--streams", "1,x"}));
    assertEquals("--streams needs a whole number, got 'x'", e.getMessage());
    assertEquals(
        "--out DIR is required",
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(new String[0]))
            .getMessage());
  }
}
