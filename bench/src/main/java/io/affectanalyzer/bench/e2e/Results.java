package io.affectanalyzer.bench.e2e;

import java.util.List;
import java.util.Map;

/** What one harness run measured; serialised as is into report.json. */
record Results(
    MachineInfo machine,
    Setup setup,
    List<InferenceFigure> inference,
    List<ScalingFigure> inferenceScaling,
    List<VideoFigures> videos,
    List<StreamsFigure> streams,
    MemoryFigure memory,
    LiveFigure live,
    List<PairedFigure> paired,
    List<DetectionSettingFigure> detectionSettings,
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

  /** Inference only: packing the batch buffer plus one session run, per batch size. */
  record InferenceFigure(
      int batch, long calls, double seconds, double facesPerSecond, double msPerCall) {}

  /** Inference at batch 1 on {@code sessions} sessions at once, a thread each, all together. */
  record ScalingFigure(int sessions, double facesPerSecond, double speedup) {}

  /** Latency from the pipeline's own capture-to-emit histogram, in milliseconds. */
  record Latency(long count, double p50, double p95, double p99, double max, double mean) {}

  record VideoFigures(
      String video,
      int width,
      int height,
      long frames,
      double decodeFps,
      long detectFrames,
      double detectFps,
      double detectFacesPerSecond,
      Map<String, Double> singlePassDetectFps,
      double pipelineFps,
      double pipelineFacesPerSecond,
      double facesPerFrame,
      double meanBatch,
      double inferenceLimitFps,
      double pipelinedLimitFps,
      double serialLimitFps,
      double coreLimitFps,
      double scaledCoreLimitFps,
      double ratioToPipelinedLimit,
      double ratioToSerialLimit,
      double ratioToCoreLimit,
      double ratioToScaledCoreLimit,
      Map<String, Double> stageMeanMs,
      Map<String, Double> cpuMsPerFrame,
      double coresBusy,
      Latency latency) {}

  record StreamsFigure(
      int streams,
      String video,
      long framesPerStream,
      double seconds,
      double fpsPerStream,
      double fpsTotal,
      double meanBatch,
      Latency latency,
      double bestStreamP99,
      double worstStreamP99) {}

  record MemoryFigure(
      String video,
      int loops,
      long frames,
      double seconds,
      double rssStartMb,
      double rssEndMb,
      double vmHwmMb,
      double slopeMbPerMinute,
      String slopeWindow,
      List<Double> sampleSeconds,
      List<Double> sampleMb) {}

  record LiveFigure(
      String video,
      String how,
      double sourceFps,
      long frames,
      long dropped,
      double seconds,
      Latency latency) {}

  /**
   * One setting of the detect stage's intervals on one input: how much looking it saved, what it
   * cost in CPU and throughput (median of the rounds), and how its scores compare with the first
   * setting's (a close look at every frame, full passes at a fixed interval).
   */
  /**
   * The pipeline and its limit measured in turn: inference alone at {@code batch} just before and
   * just after each pipeline run on {@code video}, with {@code --pin-inference} at {@code pinning}.
   * Medians over the rounds, and the range of the ratio.
   */
  record PairedFigure(
      String video,
      int loops,
      int batch,
      String pinning,
      int rounds,
      double decodeFps,
      double inferenceLimitFps,
      double pipelineFps,
      double ratio,
      double ratioLowest,
      double ratioHighest,
      double inferenceThreadBusy,
      double inferenceThreadWaiting,
      double pinnedShare,
      double coresBusy) {}

  record DetectionSettingFigure(
      String video,
      int loops,
      int detectEvery,
      int detectEveryMax,
      int stillReuse,
      int rounds,
      long frames,
      double fullPerFrame,
      double keptShare,
      double looksPerFrame,
      double fps,
      double cpuMsPerFrame,
      double detectCpuMsPerFrame,
      ScoreSeries.Comparison againstFirst,
      double exprStep,
      double labelChangesPer100) {}
}
