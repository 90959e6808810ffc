package io.affectanalyzer.runtime.pipeline;

import io.affectanalyzer.runtime.align.FaceAligner;
import io.affectanalyzer.runtime.cpu.InferenceCore;
import io.affectanalyzer.runtime.detect.FaceDetector;
import io.affectanalyzer.runtime.detect.FaceDetectors;
import io.affectanalyzer.runtime.kafka.KafkaResultWriter;
import io.affectanalyzer.runtime.kafka.KafkaTarget;
import io.affectanalyzer.runtime.model.AffectModel;
import io.affectanalyzer.runtime.model.ModelException;
import io.affectanalyzer.runtime.model.ModelSpec;
import io.affectanalyzer.runtime.model.OnnxAffectModel;
import io.affectanalyzer.runtime.onnx.OrtSessions;
import io.affectanalyzer.runtime.output.FrameResult;
import io.affectanalyzer.runtime.output.OutputFormat;
import io.affectanalyzer.runtime.output.ResultWriter;
import io.affectanalyzer.runtime.source.FrameSource;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Opens what a {@link Pipeline} runs on and makes pipelines from it, in this one place for the
 * command line, the bench and tests: the affect model (or none), the face detector, the aligner
 * that fits the model, the core inference may keep to itself, and output writers. It owns what it
 * opens and closes it; each pipeline it makes owns its sources.
 *
 * <pre>{@code
 * try (AnalyzerSetup setup = AnalyzerSetup.open(AnalyzerSetup.Settings.of(model, ort))) {
 *   ResultWriter out = setup.openOutput(Path.of("out.jsonl"));
 *   try (Pipeline pipeline = setup.pipeline(sources, List.of(out), metrics, frame -> {})) {
 *     pipeline.start();
 *     pipeline.await();
 *   }
 * }
 * }</pre>
 */
public final class AnalyzerSetup implements AutoCloseable {
  // Without a model: the usual input, 112 px RGB, ImageNet-normalised.
  private static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
  private static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

  /** When inference on the CPU keeps a core to itself; see {@link InferencePinning}. */
  public enum Pinning {
    /** While inference bounds the pipeline and waits for a core. */
    AUTO,
    /** For the whole run. */
    ALWAYS,
    /** Never. */
    OFF
  }

  /**
   * What to open and how.
   *
   * @param model the affect model (.onnx); null: detection and alignment only
   * @param detector a detector name, one of {@link FaceDetectors#CHOICES}
   * @param minScore the detection threshold; null: the detector's own
   * @param ort how the model's and the detector's sessions run
   * @param config the pipeline's sizes and intervals; {@link #config()} sets its inference core
   * @param pinning whether inference on the CPU with one intra-op thread keeps a core to itself
   */
  public record Settings(
      Path model,
      String detector,
      Float minScore,
      OrtSessions.Options ort,
      Pipeline.Config config,
      Pinning pinning) {
    /** {@code model} with the default detector and pipeline, pinned while that pays. */
    public static Settings of(Path model, OrtSessions.Options ort) {
      return new Settings(
          model, FaceDetectors.DEFAULT, null, ort, Pipeline.Config.DEFAULT, Pinning.AUTO);
    }
  }

  private final Settings settings;
  private final AffectModel model;
  private final FaceDetector detector;
  private final FaceAligner aligner;
  private final InferenceCore inferenceCore;
  private final List<ResultWriter> writers = new ArrayList<>();

  private AnalyzerSetup(Settings settings, AffectModel model, FaceDetector detector) {
    this.settings = settings;
    this.model = model;
    this.detector = detector;
    this.aligner = alignerFor(model != null ? model.spec() : null);
    this.inferenceCore = inferenceCore(settings, model);
  }

  /**
   * Opens the model, then the detector.
   *
   * @throws ModelException with one line, for a model that cannot be used
   * @throws IllegalArgumentException with one line, for an unknown detector or a bad YuNet file
   */
  public static AnalyzerSetup open(Settings settings) throws ModelException {
    AffectModel model =
        settings.model() != null ? OnnxAffectModel.open(settings.model(), settings.ort()) : null;
    try {
      return new AnalyzerSetup(settings, model, openDetector(settings));
    } catch (RuntimeException e) {
      if (model != null) {
        model.close();
      }
      throw e;
    }
  }

  private static FaceDetector openDetector(Settings s) {
    String name = s.detector();
    if (name.startsWith("yunet:") && !Files.isRegularFile(Path.of(name.substring(6)))) {
      throw new IllegalArgumentException("no such YuNet model file: " + name.substring(6));
    }
    return FaceDetectors.open(name, s.minScore(), s.ort());
  }

  /** The aligner that makes {@code spec}'s input; null spec: 112 px RGB, ImageNet-normalised. */
  public static FaceAligner alignerFor(ModelSpec spec) {
    if (spec == null) {
      return new FaceAligner(FaceAligner.DEFAULT_SIZE, true, IMAGENET_MEAN, IMAGENET_STD);
    }
    return new FaceAligner(spec.inputSize(), spec.rgb(), spec.mean(), spec.std());
  }

  /**
   * The core inference keeps to itself, or null: a model on the GPU, more threads, no model, one
   * core, or pinning off. Only a session on one intra-op thread can have a core to itself.
   */
  private static InferenceCore inferenceCore(Settings s, AffectModel model) {
    if (s.pinning() == Pinning.OFF
        || s.ort().intraOpThreads() != 1
        || model == null
        || !model.executionProvider().equals("CPU")) {
      return null;
    }
    InferenceCore core = InferenceCore.ofThisThread().orElse(null);
    return core != null && s.pinning() == Pinning.ALWAYS ? core.always() : core;
  }

  /** The affect model, or null: detection and alignment only. */
  public AffectModel model() {
    return model;
  }

  /** The model's contract, or null without a model. */
  public ModelSpec spec() {
    return model != null ? model.spec() : null;
  }

  public FaceDetector detector() {
    return detector;
  }

  public FaceAligner aligner() {
    return aligner;
  }

  /** The core the inference stage may keep to itself, or null: never pinned. */
  public InferenceCore inferenceCore() {
    return inferenceCore;
  }

  /** The settings' pipeline configuration with this setup's {@link #inferenceCore()}. */
  public Pipeline.Config config() {
    return settings.config().withInferenceCore(inferenceCore);
  }

  /** Takes {@code writer} (opened elsewhere) into the setup's care: it is closed with the rest. */
  public ResultWriter adopt(ResultWriter writer) {
    writers.add(writer);
    return writer;
  }

  /**
   * A writer for the model's records to {@code out} (.csv: CSV, else JSON Lines), or JSON Lines to
   * standard output for null; closed with this setup.
   */
  public ResultWriter openOutput(Path out) throws IOException {
    ResultWriter writer =
        out == null
            ? OutputFormat.JSONL.open(new FileOutputStream(FileDescriptor.out), spec(), smoothed())
            : OutputFormat.forPath(out).open(out, spec(), smoothed());
    writers.add(writer);
    return writer;
  }

  /**
   * A writer publishing the model's records to a Kafka topic, once it answers; closed with this
   * setup, after what is in flight is acknowledged.
   */
  public KafkaResultWriter openOutput(KafkaTarget target) throws IOException {
    KafkaResultWriter writer = KafkaResultWriter.open(target, spec());
    writers.add(writer);
    return writer;
  }

  /** Whether the records carry smoothed values beside the model's own (the raw fields). */
  private boolean smoothed() {
    return config().smoothing() != null && config().smoothing().on();
  }

  /** A pipeline over {@code sources}, which it owns, with {@link #config()}. */
  public Pipeline pipeline(
      List<FrameSource> sources,
      List<ResultWriter> writers,
      PipelineMetrics metrics,
      Consumer<FrameResult> listener) {
    return pipeline(sources, writers, config(), metrics, listener);
  }

  /** As {@link #pipeline(List, List, PipelineMetrics, Consumer)} with {@code config} as given. */
  public Pipeline pipeline(
      List<FrameSource> sources,
      List<ResultWriter> writers,
      Pipeline.Config config,
      PipelineMetrics metrics,
      Consumer<FrameResult> listener) {
    return new Pipeline(sources, detector, aligner, model, writers, config, metrics, listener);
  }

  /**
   * Closes the writers it opened, then the detector and the model; a writer's failure is thrown
   * once everything is closed. Close the pipelines first: they write until they end.
   */
  @Override
  public void close() throws IOException {
    IOException failure = null;
    for (ResultWriter w : writers) {
      try {
        w.close();
      } catch (IOException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    detector.close();
    if (model != null) {
      model.close();
    }
    if (failure != null) {
      throw failure;
    }
  }
}
