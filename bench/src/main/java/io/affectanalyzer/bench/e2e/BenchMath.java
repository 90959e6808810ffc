package io.affectanalyzer.bench.e2e;

import java.util.Arrays;
import java.util.List;

/** The harness's arithmetic: throughput limits, ratios, growth slopes, medians of rounds. */
final class BenchMath {
  private BenchMath() {}

  /** Items per second; 0 when no time passed. */
  static double rate(long items, long nanos) {
    return nanos <= 0 ? 0 : items * 1e9 / nanos;
  }

  /**
   * The pipelined limit: stages on their own threads can at best run as fast as the slowest.
   * Non-finite or non-positive entries (a stage with nothing to do) are left out; NaN if none is
   * left.
   */
  static double pipelinedLimit(double... stageRates) {
    double min = Double.POSITIVE_INFINITY;
    for (double r : stageRates) {
      if (r > 0 && Double.isFinite(r)) {
        min = Math.min(min, r);
      }
    }
    return Double.isInfinite(min) ? Double.NaN : min;
  }

  /**
   * The one-core limit: stages taking turns on one core add their times per frame, {@code 1 / sum
   * (1 / r)}. Entries as for {@link #pipelinedLimit}.
   */
  static double serialLimit(double... stageRates) {
    double seconds = 0;
    boolean any = false;
    for (double r : stageRates) {
      if (r > 0 && Double.isFinite(r)) {
        seconds += 1 / r;
        any = true;
      }
    }
    return any ? 1 / seconds : Double.NaN;
  }

  /**
   * The machine's limit: the slowest stage, or {@code stagesAtOnce} stages all busy at once,
   * whichever is lower ({@code min(pipelined, stagesAtOnce x serial)}); with stage rates measured
   * on one core each, {@code stagesAtOnce} is the core count, or the speedup measured with that
   * many sessions at once (a fraction when cores share a physical core or its caches).
   */
  static double coreLimit(double stagesAtOnce, double... stageRates) {
    return Math.min(pipelinedLimit(stageRates), stagesAtOnce * serialLimit(stageRates));
  }

  /** {@code achieved / limit}; NaN when the limit is unknown. */
  static double ratio(double achieved, double limit) {
    return limit > 0 && Double.isFinite(limit) ? achieved / limit : Double.NaN;
  }

  /**
   * Least-squares slope of {@code y} over {@code x}; NaN for fewer than two distinct x.
   *
   * @param x e.g. seconds since start
   * @param y e.g. resident megabytes
   */
  static double slope(List<Double> x, List<Double> y) {
    int n = Math.min(x.size(), y.size());
    if (n < 2) {
      return Double.NaN;
    }
    double mx = 0;
    double my = 0;
    for (int i = 0; i < n; i++) {
      mx += x.get(i);
      my += y.get(i);
    }
    mx /= n;
    my /= n;
    double sxy = 0;
    double sxx = 0;
    for (int i = 0; i < n; i++) {
      double dx = x.get(i) - mx;
      sxx += dx * dx;
      sxy += dx * (y.get(i) - my);
    }
    return sxx == 0 ? Double.NaN : sxy / sxx;
  }

  /** The middle value of {@code values} (the upper of the two middle ones for an even count). */
  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  /** Index of the entry of {@code values} nearest {@code target} (first of equals). */
  static int nearest(int[] values, double target) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (Math.abs(values[i] - target) < Math.abs(values[best] - target)) {
        best = i;
      }
    }
    return best;
  }
}
