package io.affectanalyzer.bench.e2e;

import io.affectanalyzer.runtime.align.FaceAligner;
import io.affectanalyzer.runtime.cpu.InferenceCore;
import io.affectanalyzer.runtime.detect.BlazeFaceDetector;
import io.affectanalyzer.runtime.detect.FaceDetector;
import io.affectanalyzer.runtime.detect.FaceDetectors;
import io.affectanalyzer.runtime.detect.TwoPassBlazeFaceDetector;
import io.affectanalyzer.runtime.model.AffectModel;
import io.affectanalyzer.runtime.onnx.OrtSessions;
import io.affectanalyzer.runtime.pipeline.AnalyzerSetup;
import io.affectanalyzer.runtime.pipeline.Pipeline;
import java.nio.file.Path;

/**
 * What every section measures with: the options, the analyzer's setup (borrowed: {@link
 * PipelineBench} owns and closes it) with its affect model, detector and aligner, the pipeline
 * configuration the analyzer would run, and a runner for that pipeline.
 *
 * @param plan where inference may keep a core to itself while that pays; null: never (GPU, more
 *     threads, one core, {@code --pin-inference off})
 */
record BenchRig(
    BenchOptions opt,
    AffectModel model,
    Path modelFile,
    OrtSessions.Options ort,
    FaceDetector detector,
    FaceAligner aligner,
    InferenceCore plan,
    Pipeline.Config config,
    PipelineRunner pipeline) {

  /** {@code --pin-inference always} pins from the start; otherwise the setup's configuration. */
  static BenchRig of(
      BenchOptions opt, AnalyzerSetup setup, Path modelFile, OrtSessions.Options ort) {
    InferenceCore plan = setup.inferenceCore();
    Pipeline.Config config =
        plan != null && opt.pinInference.equals("always")
            ? setup.config().withInferenceCore(plan.always())
            : setup.config();
    return new BenchRig(
        opt,
        setup.model(),
        modelFile,
        ort,
        setup.detector(),
        setup.aligner(),
        plan,
        config,
        new PipelineRunner(setup, config));
  }

  /** How long one timed inference loop runs. */
  long inferenceBudgetNanos() {
    return (opt.quick ? 300 : 1500) * 1_000_000L;
  }

  /**
   * How many stages can run at once at the rates measured alone: each session takes {@code
   * --threads} cores (0: ONNX Runtime's default, every core, so one stage fills the machine).
   */
  int stagesAtOnce() {
    int cores = Runtime.getRuntime().availableProcessors();
    return opt.threads == 0 ? 1 : Math.max(1, cores / opt.threads);
  }

  /** {@code --pin-inference} as this configuration has it: off, auto or always. */
  static String pinning(Pipeline.Config c) {
    InferenceCore core = c.inferenceCore();
    return core == null ? "off" : core.isAlways() ? "always" : "auto";
  }

  /** Models, providers and knobs, for the report's head. */
  Results.Setup setup(String modelDescription) {
    String detectorProvider =
        detector instanceof TwoPassBlazeFaceDetector t
            ? t.provider()
            : detector instanceof BlazeFaceDetector b ? b.provider() : "?";
    return new Results.Setup(
        modelDescription,
        model.executionProvider(),
        FaceDetectors.DEFAULT + " (two-pass BlazeFace: back-256 proposes, front-128 confirms)",
        detectorProvider,
        ort.intraOpThreads(),
        plan != null ? pinning(config) + ", " + plan : null,
        config.maxBatch(),
        config.batchDeadlineMillis(),
        "JSONL, into a discarding stream (encoding counted, disk not)",
        PerInputRuns.limitsNote(this));
  }
}
