package io.affectanalyzer.runtime.cli;

import io.affectanalyzer.runtime.cpu.InferenceCore;
import io.affectanalyzer.runtime.model.AffectModel;
import io.affectanalyzer.runtime.model.ModelContract;
import io.affectanalyzer.runtime.onnx.OrtSessions;
import io.affectanalyzer.runtime.pipeline.AnalyzerSetup;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code run}'s model options: which model, where it runs (threads, pinning), batches, the ring.
 */
final class ModelOptions {
  @Option(
      names = {"-m", "--model"},
      paramLabel = "MODEL",
      description =
          "Affect model (.onnx). Default: the shipped models/emma-*.onnx. 'none': detection and"
              + " alignment only.")
  String model;

  @Option(
      names = "--batch",
      defaultValue = "16",
      description = "Most faces per inference batch (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--batch-deadline-ms",
      defaultValue = "20",
      description = "Longest a face waits for its batch to fill (default: ${DEFAULT-VALUE}).")
  long batchDeadlineMs;

  @Option(
      names = "--ring",
      defaultValue = "32",
      description = "Frames in flight, a power of two (default: ${DEFAULT-VALUE}).")
  int ring;

  @Option(
      names = "--threads",
      defaultValue = "1",
      description =
          "ONNX Runtime intra-op threads per model session (default: 1, since every stage already"
              + " has its own thread; on a 2-core machine ONNX Runtime's own pools cost 27%% of"
              + " throughput, see bench/results). 0 = ONNX Runtime's choice.")
  int threads;

  @Option(
      names = "--pin-inference",
      paramLabel = "WHEN",
      defaultValue = "auto",
      description =
          "On the CPU with --threads 1: the inference stage gets the last core to itself and every"
              + " other thread the rest. auto (default): while inference bounds the pipeline and"
              + " waits for a core, checked every second; always; off. Linux, 2 cores or more.")
  String pinInference;

  @Option(names = "--cpu", description = "Never use the CUDA execution provider.")
  boolean cpuOnly;

  void validate() throws UserError {
    UserError.require(
        List.of("auto", "always", "off").contains(pinInference),
        "--pin-inference must be auto, always or off, is " + pinInference);
    UserError.require(
        Integer.bitCount(ring) == 1 && ring >= 4,
        "--ring must be a power of two of at least 4, is " + ring);
    UserError.require(batch >= 1, "--batch must be at least 1, is " + batch);
  }

  OrtSessions.Options ort() {
    return new OrtSessions.Options(!cpuOnly, threads, threads > 0 ? 1 : 0);
  }

  AnalyzerSetup.Pinning pinning() {
    return AnalyzerSetup.Pinning.valueOf(pinInference.toUpperCase(Locale.ROOT));
  }

  /** The model file to load, or null (saying so on {@code err}): detection and alignment only. */
  Path modelFile(PrintStream err) {
    if ("none".equals(model)) {
      err.println("analyzer: no affect model (--model none): detection and alignment only");
      return null;
    }
    Path path = model != null ? Path.of(model) : ShippedModels.defaultModel();
    if (path == null) {
      err.println(
          "analyzer: no affect model in models/ yet: detection and alignment only (pass --model"
              + " FILE to use one)");
    }
    return path;
  }

  /** The line that says which model runs where, and how. */
  static String describe(Path file, AffectModel loaded, InferenceCore core) {
    return "analyzer: model "
        + file.getFileName()
        + " ("
        + String.join(",", loaded.spec().heads())
        + ") on "
        + loaded.executionProvider()
        + (core != null ? " (" + core + (core.isAlways() ? "" : ", while that pays") + ")" : "")
        + inputBlurNote(loaded.spec().metadata())
        + ("true".equals(loaded.spec().metadata().get(ModelContract.META_FLIP_AVERAGE))
            ? "; it scores each face and its mirror image (twice the compute)"
            : "")
        + expressionNote(loaded.spec().metadata());
  }

  /** Says how the expression output was built when it is more than one softmax. */
  static String expressionNote(Map<String, String> metadata) {
    boolean fused = "true".equals(metadata.get(ModelContract.META_EXPR_WITH_DAN));
    boolean balanced = metadata.containsKey(ModelContract.META_EXPR_BIAS);
    String ensemble = metadata.get(ModelContract.META_EXPR_ENSEMBLE);
    int more = ensemble == null || ensemble.isBlank() ? 0 : ensemble.split(",").length;
    return (fused ? "; its expressions average in its DAN's" : "")
        + (more == 0
            ? ""
            : fused
                ? " and " + (more == 1 ? "another DAN's" : more + " more DANs'")
                : "; its expressions average in " + (more == 1 ? "a DAN's" : more + " DANs'"))
        + (balanced ? "; its expressions are corrected for its training data's class shares" : "");
  }

  /** Says so when the model low-passes its input: it was trained on blurred faces. */
  static String inputBlurNote(Map<String, String> metadata) {
    String sigma = metadata.get(ModelContract.META_INPUT_BLUR);
    return sigma == null
        ? ""
        : "; it blurs each face (sigma " + sigma + " px) as its training faces were";
  }
}
