package io.affectanalyzer.bench.e2e;

import com.codahale.metrics.Snapshot;
import java.util.List;

/**
 * What one harness run measured, a field per section of the report, each section's figures defined
 * beside its measurement; serialised as is into report.json.
 */
record Results(
    MachineInfo machine,
    Setup setup,
    List<InferenceLimit.Figure> inference,
    List<SessionScaling.Figure> inferenceScaling,
    List<PerInputRuns.Figures> videos,
    List<StreamsScaling.Figure> streams,
    MemoryGrowth.Figure memory,
    LiveLatency.Figure live,
    List<PairedRounds.Figure> paired,
    List<DetectSettings.Figure> detectionSettings,
    String loadAverageAtEnd) {

  /** Models, providers and knobs every figure was taken with. */
  record Setup(
      String model,
      String modelProvider,
      String detector,
      String detectorProvider,
      int ortIntraOpThreads,
      String inferenceCore,
      int pipelineMaxBatch,
      long batchDeadlineMillis,
      String writer,
      String limitsNote) {}

  /** Latency from the pipeline's own capture-to-emit histogram, in milliseconds. */
  record Latency(long count, double p50, double p95, double p99, double max, double mean) {

    /** From a snapshot of microseconds. */
    static Latency of(Snapshot s) {
      return new Latency(
          s.size(),
          s.getMedian() / 1000,
          s.get95thPercentile() / 1000,
          s.get99thPercentile() / 1000,
          s.getMax() / 1000.0,
          s.getMean() / 1000);
    }
  }
}
