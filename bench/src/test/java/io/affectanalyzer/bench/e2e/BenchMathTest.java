package io.affectanalyzer.bench.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchMathTest {
  @Test
  void shouldTakeTheSlowestStageAsThePipelinedLimitIgnoringStagesWithoutWork() {
    assertEquals(20.0, BenchMath.pipelinedLimit(270, 20, 57), 1e-9);
    assertEquals(20.0, BenchMath.pipelinedLimit(270, 20, Double.POSITIVE_INFINITY), 1e-9);
    assertTrue(Double.isNaN(BenchMath.pipelinedLimit(Double.NaN, 0)));
  }

  @Test
  void shouldAddStageTimesForTheSerialLimit() {
    // 10 ms + 40 ms per frame: 20 frames/s on one core.
    assertEquals(20.0, BenchMath.serialLimit(100, 25), 1e-9);
    assertEquals(50.0, BenchMath.serialLimit(50, Double.POSITIVE_INFINITY), 1e-9);
  }

  @Test
  void shouldBoundByTheCoresWhenTheyCannotRunEveryStageAtOnce() {
    // 10 + 40 ms per frame: two cores give at most 40 frames/s, but the 40 ms stage caps it at 25.
    assertEquals(25.0, BenchMath.coreLimit(2, 100, 25), 1e-9);
    // 4 + 4 + 4 ms per frame: three stages, two cores, 166.7 frames/s, below the slowest (250).
    assertEquals(2000.0 / 12, BenchMath.coreLimit(2, 250, 250, 250), 1e-9);
    assertEquals(250.0 / 3, BenchMath.coreLimit(1, 250, 250, 250), 1e-9);
    // Two cores measured at 1.5x one: 125 frames/s, not 166.7.
    assertEquals(125.0, BenchMath.coreLimit(1.5, 250, 250, 250), 1e-9);
  }

  @Test
  void shouldRateAndRatio() {
    assertEquals(250.0, BenchMath.rate(500, 2_000_000_000L), 1e-9);
    assertEquals(0.0, BenchMath.rate(5, 0));
    assertEquals(0.5, BenchMath.ratio(10, 20), 1e-12);
    assertTrue(Double.isNaN(BenchMath.ratio(10, Double.NaN)));
  }

  @Test
  void shouldFitTheLeastSquaresSlope() {
    // y = 3x + 1 with symmetric noise that cancels out.
    List<Double> x = List.of(0.0, 1.0, 2.0, 3.0);
    List<Double> y = List.of(1.5, 3.5, 7.5, 9.5);
    assertEquals(2.8, BenchMath.slope(x, y), 1e-9);
    assertEquals(0.0, BenchMath.slope(x, List.of(5.0, 5.0, 5.0, 5.0)), 1e-12);
    assertTrue(Double.isNaN(BenchMath.slope(List.of(1.0, 1.0), List.of(2.0, 3.0))));
    assertTrue(Double.isNaN(BenchMath.slope(List.of(1.0), List.of(2.0))));
  }

  @Test
  void shouldPickTheNearestBatchSize() {
    int[] batches = {1, 8, 32};
    assertEquals(0, BenchMath.nearest(batches, 1.0));
    assertEquals(1, BenchMath.nearest(batches, 9.9));
    assertEquals(2, BenchMath.nearest(batches, 25));
  }

  @Test
  void shouldTakeTheMiddleValueAsTheMedianLeavingTheRoundsAsTheyWere() {
    double[] rounds = {3, 1, 2};
    assertEquals(2.0, BenchMath.median(rounds), 1e-9);
    assertEquals(3.0, rounds[0], 1e-9);
    assertEquals(3.0, BenchMath.median(new double[] {4, 1, 3, 2}), 1e-9);
  }
}
