package io.affectanalyzer.bench.e2e;

import com.codahale.metrics.Snapshot;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one pipeline run measured: counts, wall time, the pipeline's own histograms and stage
 * timers, CPU and waiting seconds by thread role ({@link ThreadCpuProbe}), and how the detect stage
 * looked ({@code full} passes, all {@code looks}, frames whose boxes were {@code kept}).
 */
record PipelineRun(
    long frames,
    long faces,
    long dropped,
    long nanos,
    Snapshot latency,
    Map<String, Snapshot> latencyByStream,
    double meanBatch,
    Map<String, Double> stageMeanMs,
    Map<String, Double> cpuSecondsByRole,
    Map<String, Double> waitingSecondsByRole,
    double cpuWallSeconds,
    long full,
    long looks,
    long kept,
    double pinnedSeconds) {

  double fps() {
    return BenchMath.rate(frames, nanos);
  }

  /** CPU milliseconds per frame of each thread role during the run. */
  Map<String, Double> cpuMsPerFrame() {
    Map<String, Double> out = new TreeMap<>();
    if (frames > 0) {
      cpuSecondsByRole.forEach((role, s) -> out.put(role, s * 1000 / frames));
    }
    return out;
  }

  /** One role's seconds (of CPU, or of waiting for a core) over the run's wall time. */
  double shareOfRun(Map<String, Double> seconds, String role) {
    return cpuWallSeconds > 0 && !seconds.isEmpty()
        ? seconds.getOrDefault(role, 0.0) / cpuWallSeconds
        : Double.NaN;
  }

  /** The share of all cores that this process kept busy during the run; NaN without /proc. */
  double coresBusy() {
    double used = cpuSecondsByRole.values().stream().mapToDouble(Double::doubleValue).sum();
    int cores = Runtime.getRuntime().availableProcessors();
    return used > 0 && cpuWallSeconds > 0 ? used / (cpuWallSeconds * cores) : Double.NaN;
  }
}
