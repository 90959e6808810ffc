package io.affectanalyzer.bench.e2e;

import static io.affectanalyzer.bench.e2e.BenchLog.log;

import io.affectanalyzer.bench.model.VitStandIn;
import io.affectanalyzer.runtime.detect.FaceDetectors;
import io.affectanalyzer.runtime.detect.TwoPassBlazeFaceDetector;
import io.affectanalyzer.runtime.model.ModelContract;
import io.affectanalyzer.runtime.model.ModelException;
import io.affectanalyzer.runtime.model.ModelSpec;
import io.affectanalyzer.runtime.onnx.OrtSessions;
import io.affectanalyzer.runtime.pipeline.AnalyzerSetup;
import io.affectanalyzer.runtime.pipeline.Pipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The end-to-end benchmark: for each input, decode-only, detection-only and full-pipeline
 * throughput and the pipeline's own capture-to-emit latency; inference-only throughput per batch
 * size; scaling over concurrent streams; resident memory over a long run; latency of one live
 * (paced) stream; the pipeline against its limit measured in turn; the detect stage's settings.
 * Writes {@code report.json}, {@code report.md} and PNG plots into a folder. Each section measures
 * and writes its own part; this class opens the analyzer's setup ({@link AnalyzerSetup}: model,
 * detector, aligner, pipelines) and runs the sections in order.
 *
 * <pre>
 * java -Xmx2g -cp bench/target/bench.jar io.affectanalyzer.bench.e2e.PipelineBench --out DIR
 *     [--videos ../shared/data/videos] [--input FILE_OR_URL]... [--model models/emma-*.onnx]
 *     [--quick] [--threads N] [--cpu]
 *     [--batches 1,8,32] [--streams 1,2,4,8] [--stream-loops 1] [--memory-seconds 60]
 *     [--memory-loops N]
 *     [--live-seconds 10] [--warmup-seconds 30]
 * </pre>
 */
public final class PipelineBench {
  static final String USAGE =
      "usage: PipelineBench --out DIR [--videos DIR] [--input FILE_OR_URL]... [--model FILE.onnx]"
          + " [--quick]"
          + " [--threads N] [--cpu] [--pin-inference auto|always|off] [--batches 1,8,32] [--streams 1,2,4,8] [--stream-loops N]"
          + " [--memory-seconds S] [--memory-loops N] [--live-seconds S] [--warmup-seconds S]";

  private PipelineBench() {}

  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    BenchOptions opt;
    try {
      opt = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("PipelineBench: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    try {
      run(opt);
    } catch (BenchException e) {
      System.err.println("PipelineBench: " + e.getMessage());
      System.exit(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      System.exit(130);
    }
  }

  static void run(BenchOptions opt) throws BenchException, InterruptedException {
    List<Input> inputs = Input.all(opt); // a missing input fails before any model loads
    MachineInfo machine = MachineInfo.collect();
    log(
        "machine: %s, %d cores, ONNX Runtime %s, commit %s, load %s",
        machine.cpuModel(),
        machine.cores(),
        machine.onnxRuntime(),
        machine.gitCommit(),
        machine.loadAverageAtStart());
    OrtSessions.Options ort =
        new OrtSessions.Options(!opt.cpuOnly, opt.threads, opt.threads > 0 ? 1 : 0);
    Path standIn = null;
    Path modelFile = opt.model != null ? opt.model : BenchOptions.shippedModel();
    try {
      Files.createDirectories(opt.out);
      if (modelFile == null) {
        standIn = Files.createTempFile("vit-standin-", ".onnx");
        VitStandIn.CPU_PRESET.write(standIn, 42);
        modelFile = standIn;
      }
    } catch (IOException e) {
      throw new BenchException("cannot write to " + opt.out + ": " + e.getMessage());
    }
    String described =
        standIn != null ? VitStandIn.CPU_PRESET.describe() : modelFile.getFileName().toString();
    AnalyzerSetup.Settings settings =
        new AnalyzerSetup.Settings(
            modelFile,
            FaceDetectors.DEFAULT,
            null,
            ort,
            Pipeline.Config.DEFAULT,
            opt.pinInference.equals("off")
                ? AnalyzerSetup.Pinning.OFF
                : AnalyzerSetup.Pinning.AUTO);
    try (AnalyzerSetup setup = AnalyzerSetup.open(settings)) {
      BenchRig rig = BenchRig.of(opt, setup, modelFile, ort);
      LatencyHistogram histogram = new LatencyHistogram();
      Results results = measure(rig, machine, describe(described, setup.spec()), inputs, histogram);
      new ReportWriter(opt.out).write(results);
      try {
        histogram.write(
            opt.out, "Capture-to-emit latency (" + setup.model().executionProvider() + ")");
      } catch (IOException e) {
        throw new BenchException("cannot write the latency plot: " + e.getMessage());
      }
      log("report written to %s", opt.out.toAbsolutePath());
    } catch (ModelException e) {
      throw new BenchException(e.getMessage());
    } catch (IOException e) {
      // closing fails only for a writer, and the bench gives its setup none
      throw new BenchException("cannot close the analyzer setup: " + e.getMessage());
    } finally {
      try {
        if (standIn != null) {
          Files.deleteIfExists(standIn);
        }
      } catch (IOException ignored) {
        // a temp file left behind is harmless
      }
    }
  }

  /** The model's file and what its metadata says it is (preset, kind), for every figure. */
  private static String describe(String file, ModelSpec spec) {
    Map<String, String> m = spec.metadata();
    String preset = m.getOrDefault(ModelContract.META_PRESET, "?");
    return m.containsKey(ModelContract.META_PROVENANCE)
            && m.get(ModelContract.META_PROVENANCE).startsWith("random weights")
        ? file
        : file + " (preset " + preset + ", heads " + String.join("+", spec.heads()) + ")";
  }

  /**
   * The sections in the order they run: the stage limits first, then the pipeline figures after a
   * warm-up, then the runs that need a file (the sample video for the long ones).
   */
  private static Results measure(
      BenchRig rig,
      MachineInfo machine,
      String modelDescription,
      List<Input> inputs,
      LatencyHistogram histogram)
      throws BenchException, InterruptedException {
    InferenceLimit inferenceLimit = new InferenceLimit(rig);
    List<DecodeLimit.Run> decodes = new ArrayList<>();
    for (Input in : inputs) {
      log("decode + detect: %s", in.name());
      DecodeLimit.Run d = DecodeLimit.measure(in);
      decodes.add(d);
      inferenceLimit.collectCrops(d.images());
    }
    List<InferenceLimit.Figure> inference = inferenceLimit.measure();
    List<SessionScaling.Figure> scaling = new SessionScaling(rig, inferenceLimit).measure();
    double speedup = scaling.isEmpty() ? Double.NaN : scaling.get(scaling.size() - 1).speedup();
    DetectionLimit detection = new DetectionLimit(rig);
    List<Map<String, Double>> singlePass = detection.singleLooks(decodes);
    warmUp(rig, inputs.get(0));
    List<PerInputRuns.Figures> videos =
        new PerInputRuns(rig, detection, histogram)
            .measure(inputs, decodes, singlePass, inference, speedup);

    // The runs below need a file to loop or pace; a stream URL alone gets none of them.
    Input scaleInput = Input.pick(inputs, "single_face.mp4");
    Input longInput = Input.pick(inputs, "WolfgangLanger_Pexels.mp4");
    boolean scaleFile = scaleInput.path() != null;
    boolean longFile = longInput.path() != null;
    DecodeLimit.Run scaleDecode = decodes.get(inputs.indexOf(scaleInput));
    DecodeLimit.Run longDecode = decodes.get(inputs.indexOf(longInput));
    double longMeanBatch = videos.get(inputs.indexOf(longInput)).meanBatch();
    List<StreamsScaling.Figure> streams =
        scaleFile ? new StreamsScaling(rig).measure(scaleInput) : List.of();
    MemoryGrowth.Figure memory = longFile ? new MemoryGrowth(rig).measure(longInput, videos) : null;
    LiveLatency.Figure live =
        scaleFile ? new LiveLatency(rig, histogram).measure(scaleInput, scaleDecode) : null;
    List<PairedRounds.Figure> paired =
        longFile
            ? new PairedRounds(rig, inferenceLimit).measure(longInput, longDecode, longMeanBatch)
            : List.of();
    List<DetectSettings.Figure> detectSettings =
        longFile && rig.detector() instanceof TwoPassBlazeFaceDetector
            ? new DetectSettings(rig).measure(longInput)
            : List.of();
    return new Results(
        machine,
        rig.setup(modelDescription),
        inference,
        scaling,
        videos,
        streams,
        memory,
        live,
        paired,
        detectSettings,
        MachineInfo.loadAverage());
  }

  /**
   * Unmeasured pipeline runs first, as the stage limits get their warm-up calls: the JIT compiles
   * the pipeline's own code (ring, stages, alignment, output) during them, not during the figures.
   * One run of the sample video is not enough: it still compiles seconds later.
   */
  private static void warmUp(BenchRig rig, Input first)
      throws BenchException, InterruptedException {
    int seconds = rig.opt().warmupSeconds;
    if (first.path() == null || seconds <= 0) {
      return;
    }
    log("pipeline warm-up: %s for %d s", first.name(), seconds);
    long until = System.nanoTime() + seconds * 1_000_000_000L;
    do {
      rig.pipeline().run(List.of(first.open().get()));
    } while (System.nanoTime() < until);
  }
}
