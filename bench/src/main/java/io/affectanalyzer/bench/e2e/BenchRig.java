package io.affectanalyzer.bench.e2e;

import io.affectanalyzer.runtime.align.FaceAligner;
import io.affectanalyzer.runtime.cpu.InferenceCore;
import io.affectanalyzer.runtime.detect.BlazeFaceDetector;
import io.affectanalyzer.runtime.detect.FaceDetector;
import io.affectanalyzer.runtime.detect.FaceDetectors;
import io.affectanalyzer.runtime.detect.TwoPassBlazeFaceDetector;
import io.affectanalyzer.runtime.model.ModelSpec;
import io.affectanalyzer.runtime.model.OnnxAffectModel;
import io.affectanalyzer.runtime.onnx.OrtSessions;
import io.affectanalyzer.runtime.pipeline.Pipeline;
import java.nio.file.Path;

/**
 * What every section measures with: the options, the affect model and detector (borrowed: {@link
 * PipelineBench} owns and closes them), the aligner, the pipeline configuration the analyzer would
 * run, and a runner for that pipeline.
 *
 * @param plan where inference may keep a core to itself; null: never (GPU, more threads, one core)
 */
record BenchRig(
    BenchOptions opt,
    OnnxAffectModel model,
    Path modelFile,
    OrtSessions.Options ort,
    FaceDetector detector,
    FaceAligner aligner,
    InferenceCore plan,
    Pipeline.Config config,
    PipelineRunner pipeline) {

  static BenchRig of(
      BenchOptions opt,
      OnnxAffectModel model,
      Path modelFile,
      OrtSessions.Options ort,
      FaceDetector detector) {
    ModelSpec spec = model.spec();
    FaceAligner aligner = new FaceAligner(spec.inputSize(), spec.rgb(), spec.mean(), spec.std());
    // The analyzer's own rule (RunCommand): a core of its own for CPU inference on one thread.
    boolean pin =
        !opt.pinInference.equals("off")
            && opt.threads == 1
            && model.executionProvider().equals("CPU");
    InferenceCore plan = pin ? InferenceCore.ofThisThread().orElse(null) : null;
    Pipeline.Config config =
        Pipeline.Config.DEFAULT.withInferenceCore(
            plan != null && opt.pinInference.equals("always") ? plan.always() : plan);
    return new BenchRig(
        opt,
        model,
        modelFile,
        ort,
        detector,
        aligner,
        plan,
        config,
        new PipelineRunner(detector, aligner, model, config));
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
