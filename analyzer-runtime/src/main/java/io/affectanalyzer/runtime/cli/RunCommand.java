package io.affectanalyzer.runtime.cli;

import com.codahale.metrics.ConsoleReporter;
import com.codahale.metrics.CsvReporter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.ScheduledReporter;
import io.affectanalyzer.runtime.align.FaceAligner;
import io.affectanalyzer.runtime.cpu.InferenceCore;
import io.affectanalyzer.runtime.detect.FaceDetector;
import io.affectanalyzer.runtime.detect.FaceDetectors;
import io.affectanalyzer.runtime.metrics.PrometheusEndpoint;
import io.affectanalyzer.runtime.model.AffectModel;
import io.affectanalyzer.runtime.model.ModelContract;
import io.affectanalyzer.runtime.model.ModelException;
import io.affectanalyzer.runtime.model.ModelSpec;
import io.affectanalyzer.runtime.model.OnnxAffectModel;
import io.affectanalyzer.runtime.onnx.OrtSessions;
import io.affectanalyzer.runtime.output.OutputFormat;
import io.affectanalyzer.runtime.output.ResultWriter;
import io.affectanalyzer.runtime.pipeline.Pipeline;
import io.affectanalyzer.runtime.pipeline.PipelineMetrics;
import io.affectanalyzer.runtime.source.FrameSource;
import io.affectanalyzer.runtime.source.FrameSources;
import io.affectanalyzer.runtime.source.SourceException;
import io.affectanalyzer.runtime.source.SourceOptions;
import io.affectanalyzer.runtime.track.Smoothing;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code analyzer run}: analyses one or more inputs and writes a record per frame. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Analyses every frame of the inputs and writes one record per frame (JSON Lines, or CSV for"
          + " an --out ending in .csv), also for frames without a face.",
      "",
      "Examples:",
      "  analyzer run --input clip.mp4 --out clip.jsonl",
      "  analyzer run --input photos/ --out photos.csv",
      "  analyzer run --input rtsp://camera.local/stream --input /dev/video0 --out live.jsonl",
      ""
    })
public final class RunCommand implements Callable<Integer> {
  private static final String IMAGENET_MEAN = "0.485,0.456,0.406";
  private static final String IMAGENET_STD = "0.229,0.224,0.225";

  @Option(
      names = {"-i", "--input"},
      required = true,
      paramLabel = "INPUT",
      description =
          "A video file, an image or a folder of images, a webcam (/dev/video0) or a stream"
              + " (rtsp://, http://). Repeat for several inputs at once.")
  List<String> inputs;

  @Option(
      names = {"-o", "--out"},
      paramLabel = "FILE",
      description = "Where records go: .jsonl (default format) or .csv. Default: standard output.")
  Path out;

  @Option(
      names = {"-m", "--model"},
      paramLabel = "MODEL",
      description =
          "Affect model (.onnx). Default: the shipped models/emma-*.onnx. 'none': detection and"
              + " alignment only.")
  String model;

  @Option(
      names = "--detector",
      paramLabel = "DETECTOR",
      defaultValue = FaceDetectors.DEFAULT,
      description =
          "blazeface (default: full-range proposals confirmed by a close look),"
              + " blazeface-back256 (full range only), blazeface-front128 (faces close to the"
              + " camera), or yunet:<model.onnx>.")
  String detector;

  @Option(
      names = "--min-score",
      paramLabel = "SCORE",
      description =
          "Detection score threshold (default: the detector's own, 0.5 to propose and 0.7 to"
              + " confirm for blazeface).")
  Float minScore;

  @Option(
      names = "--detect-every",
      defaultValue = "8",
      paramLabel = "N",
      description =
          "blazeface: look at the whole frame every N frames of a video or stream, and in between"
              + " only close to the faces of the last frame (for one face about 5 times cheaper);"
              + " also at once when a face is lost. The interval grows up to --detect-every-max"
              + " while nothing new shows up. 1 = the whole frame every time. Image folders always"
              + " get the whole look. (default: ${DEFAULT-VALUE})")
  int detectEvery;

  @Option(
      names = "--detect-every-max",
      paramLabel = "N",
      description =
          "blazeface: while the whole-frame looks find no new face, their interval doubles from"
              + " --detect-every up to every N frames; a new or lost face sets it back. N ="
              + " --detect-every keeps the interval fixed. (default: 32, or --detect-every if"
              + " larger)")
  Integer detectEveryMax;

  @Option(
      names = "--still-reuse",
      defaultValue = "2",
      paramLabel = "N",
      description =
          "blazeface: a face whose centre moved so little between its last two close looks that"
              + " it would have drifted less than 3%% of its size keeps its box for up to N frames"
              + " with no look (its pixels are still analysed anew each frame); 0 = look every"
              + " frame. (default: ${DEFAULT-VALUE})")
  int stillReuse;

  @Option(
      names = "--min-face",
      defaultValue = "32",
      paramLabel = "PIXELS",
      description =
          "Faces smaller than this are reported but not analysed (default: ${DEFAULT-VALUE}).")
  float minFace;

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
      names = "--live-queue",
      defaultValue = "2",
      description =
          "Frames a live input may have waiting before the oldest is dropped (default:"
              + " ${DEFAULT-VALUE}).")
  int liveQueue;

  @Option(names = "--cpu", description = "Never use the CUDA execution provider.")
  boolean cpuOnly;

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

  @Option(
      names = "--connect-timeout-ms",
      defaultValue = "5000",
      description = "Streams: connect timeout (default: ${DEFAULT-VALUE}).")
  int connectTimeoutMs;

  @Option(
      names = "--read-timeout-ms",
      defaultValue = "5000",
      description =
          "Streams: how long without data before reconnecting (default: ${DEFAULT-VALUE}).")
  int readTimeoutMs;

  @Option(
      names = "--reconnect",
      defaultValue = "5",
      description =
          "Streams: reconnect attempts after a drop, with backoff (default: ${DEFAULT-VALUE}).")
  int reconnect;

  @Option(
      names = "--metrics",
      paramLabel = "REPORTER",
      defaultValue = "none",
      description =
          "Periodic metrics: none (default), console (to stderr), csv:DIR (one CSV per metric), or"
              + " prometheus:HOST:PORT (served at http://HOST:PORT/metrics while the run lasts;"
              + " prometheus:PORT listens on the loopback address only, port 0 on any free port).")
  String metricsReporter;

  @Option(
      names = "--metrics-interval",
      defaultValue = "5",
      paramLabel = "SECONDS",
      description = "Seconds between metric reports (default: ${DEFAULT-VALUE}).")
  int metricsInterval;

  @Option(
      names = "--progress",
      negatable = true,
      description = "Progress bar for files on stderr (default: on when stderr is a terminal).")
  Boolean progress;

  // ---- Smoothing and the Prometheus endpoint: the option here, the wiring in checkSmoothing() and
  // prometheus() below (--metrics prometheus:HOST:PORT is a value of --metrics above).
  @Option(
      names = "--smooth",
      paramLabel = "FILTER",
      defaultValue = Smoothing.DEFAULT,
      description =
          "Smooths each face's AU and expression probabilities and valence/arousal over its track"
              + " in videos and streams: one-euro[:MIN_CUTOFF_HZ[:BETA]] (default: one-euro,"
              + " cutoff "
              + Smoothing.DEFAULT_MIN_CUTOFF_HZ
              + " Hz, beta "
              + Smoothing.DEFAULT_BETA
              + "), ema:ALPHA (moving average per frame, 0-1, lower is smoother), or none. The"
              + " model's own values are written too (expr_raw, au_raw, valence_raw, arousal_raw;"
              + " CSV: *_raw columns at the end); none writes exactly what the model gave.")
  String smooth;

  private final PrintStream err = System.err;
  private InferenceCore inferenceCore;

  @Override
  public Integer call() {
    List<FrameSource> sources = new ArrayList<>();
    List<ResultWriter> writers = new ArrayList<>();
    AffectModel affect = null;
    FaceDetector faceDetector = null;
    try {
      validate();
      inferenceCore = inferenceCore();
      OrtSessions.Options ort = new OrtSessions.Options(!cpuOnly, threads, threads > 0 ? 1 : 0);
      SourceOptions sourceOptions = sourceOptions();
      for (String input : inputs) {
        FrameSource source = FrameSources.open(input, sourceOptions);
        sources.add(source);
        source.start();
      }
      affect = loadModel(ort);
      faceDetector = openDetector(ort);
      ModelSpec spec = affect != null ? affect.spec() : null;
      FaceAligner aligner = aligner(spec);
      writers.add(openOutput(spec));
      return analyse(sources, faceDetector, aligner, affect, writers);
    } catch (SourceException | ModelException | UserError e) {
      err.println("error: " + e.getMessage());
      return ExitCodes.BAD_INPUT;
    } catch (IOException e) {
      err.println("error: cannot write output: " + e.getMessage());
      return ExitCodes.BAD_INPUT;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCodes.FAILURE;
    } finally {
      sources.forEach(FrameSource::close);
      for (ResultWriter w : writers) {
        try {
          w.close();
        } catch (IOException e) {
          err.println("error: closing output: " + e.getMessage());
        }
      }
      if (faceDetector != null) {
        faceDetector.close();
      }
      if (affect != null) {
        affect.close();
      }
    }
  }

  private int analyse(
      List<FrameSource> sources,
      FaceDetector faceDetector,
      FaceAligner aligner,
      AffectModel affect,
      List<ResultWriter> writers)
      throws InterruptedException, UserError {
    MetricRegistry registry = new MetricRegistry();
    PipelineMetrics metrics = new PipelineMetrics(registry);
    Pipeline.Config config =
        new Pipeline.Config(
            ring,
            batch,
            batchDeadlineMs,
            minFace,
            liveQueue,
            detectEvery,
            detectEveryMax(),
            stillReuse,
            inferenceCore,
            Smoothing.parse(smooth));
    PrometheusEndpoint prometheus = prometheus(registry);
    ProgressBar bar = progressBar(sources);
    ScheduledReporter reporter = reporter(registry);
    CountDownLatch done = new CountDownLatch(1);
    List<Pipeline.StreamOutcome> outcomes;
    try (Pipeline pipeline =
        new Pipeline(
            sources,
            faceDetector,
            aligner,
            affect,
            writers,
            config,
            metrics,
            frame -> {
              if (bar != null) {
                bar.step();
              }
            })) {
      // Ctrl-C: stop decoding, let what is in flight reach the output, close files.
      Thread hook =
          new Thread(
              () -> {
                pipeline.stop();
                try {
                  done.await(15, TimeUnit.SECONDS);
                } catch (InterruptedException ignored) {
                  Thread.currentThread().interrupt();
                }
              },
              "drain-on-exit");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        pipeline.start();
        outcomes = pipeline.await();
      } finally {
        if (bar != null) {
          bar.close();
        }
        if (reporter != null) {
          reporter.report();
          reporter.stop();
        }
        removeHook(hook);
      }
      err.println("analyzer: " + metrics.summary());
      int code = ExitCodes.OK;
      for (Pipeline.StreamOutcome o : outcomes) {
        if (o.error() != null) {
          err.println(
              "error: "
                  + o.stream()
                  + ": "
                  + o.error()
                  + " ("
                  + o.frames()
                  + " frames written before it)");
          code = ExitCodes.INPUT_ENDED_EARLY;
        }
      }
      if (pipeline.writeFailure() != null) {
        err.println("error: writing output failed: " + pipeline.writeFailure().getMessage());
        code = ExitCodes.FAILURE;
      }
      if (pipeline.stageFailure() != null) {
        err.println(
            "error: "
                + pipeline.stageFailures()
                + " frame(s) could not be analysed: "
                + pipeline.stageFailure().getMessage());
        code = ExitCodes.FAILURE;
      }
      return code;
    } finally {
      done.countDown();
      if (prometheus != null) {
        prometheus.close();
      }
    }
  }

  private void validate() throws UserError {
    if (!List.of("auto", "always", "off").contains(pinInference)) {
      throw new UserError("--pin-inference must be auto, always or off, is " + pinInference);
    }
    if (Integer.bitCount(ring) != 1 || ring < 4) {
      throw new UserError("--ring must be a power of two of at least 4, is " + ring);
    }
    if (batch < 1) {
      throw new UserError("--batch must be at least 1, is " + batch);
    }
    if (detectEvery < 1) {
      throw new UserError("--detect-every must be at least 1, is " + detectEvery);
    }
    if (detectEveryMax() < detectEvery) {
      throw new UserError(
          "--detect-every-max ("
              + detectEveryMax
              + ") must be at least --detect-every ("
              + detectEvery
              + ")");
    }
    if (stillReuse < 0) {
      throw new UserError("--still-reuse must not be negative, is " + stillReuse);
    }
    if (metricsInterval < 1) {
      throw new UserError("--metrics-interval must be at least 1 second");
    }
    checkSmoothing();
    prometheusAddress();
  }

  private int detectEveryMax() {
    return detectEveryMax != null
        ? detectEveryMax
        : Math.max(Pipeline.Config.DEFAULT_DETECT_EVERY_MAX, detectEvery);
  }

  /** The core inference keeps to itself, or null: on the GPU, with more threads, or one core. */
  private InferenceCore inferenceCore() {
    if (pinInference.equals("off") || threads != 1 || (!cpuOnly && OrtSessions.cudaAvailable())) {
      return null;
    }
    InferenceCore core = InferenceCore.ofThisThread().orElse(null);
    return core != null && pinInference.equals("always") ? core.always() : core;
  }

  private SourceOptions sourceOptions() {
    SourceOptions d = SourceOptions.defaults();
    return d.withTimeouts(Duration.ofMillis(connectTimeoutMs), Duration.ofMillis(readTimeoutMs))
        .withReconnect(reconnect, d.initialBackoff(), d.maxBackoff());
  }

  private AffectModel loadModel(OrtSessions.Options ort) throws ModelException {
    if ("none".equals(model)) {
      err.println("analyzer: no affect model (--model none): detection and alignment only");
      return null;
    }
    Path path = model != null ? Path.of(model) : ShippedModels.defaultModel();
    if (path == null) {
      err.println(
          "analyzer: no affect model in models/ yet: detection and alignment only (pass --model"
              + " FILE to use one)");
      return null;
    }
    AffectModel loaded = OnnxAffectModel.open(path, ort);
    err.println(
        "analyzer: model "
            + path.getFileName()
            + " ("
            + String.join(",", loaded.spec().heads())
            + ") on "
            + loaded.executionProvider()
            + (inferenceCore != null && loaded.executionProvider().equals("CPU")
                ? " (" + inferenceCore + (inferenceCore.isAlways() ? "" : ", while that pays") + ")"
                : "")
            + inputBlurNote(loaded.spec().metadata()));
    return loaded;
  }

  /** Says so when the model low-passes its input: it was trained on blurred faces. */
  static String inputBlurNote(Map<String, String> metadata) {
    String sigma = metadata.get(ModelContract.META_INPUT_BLUR);
    return sigma == null
        ? ""
        : "; it blurs each face (sigma " + sigma + " px) as its training faces were";
  }

  private FaceDetector openDetector(OrtSessions.Options ort) throws UserError {
    if (detector.startsWith("yunet:") && !Files.isRegularFile(Path.of(detector.substring(6)))) {
      throw new UserError("no such YuNet model file: " + detector.substring(6));
    }
    try {
      return FaceDetectors.open(detector, minScore, ort);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
  }

  private static FaceAligner aligner(ModelSpec spec) {
    if (spec == null) {
      return new FaceAligner(112, true, floats(IMAGENET_MEAN), floats(IMAGENET_STD));
    }
    return new FaceAligner(spec.inputSize(), spec.rgb(), spec.mean(), spec.std());
  }

  private static float[] floats(String csv) {
    String[] p = csv.split(",");
    float[] out = new float[p.length];
    for (int i = 0; i < p.length; i++) {
      out[i] = Float.parseFloat(p[i]);
    }
    return out;
  }

  private ResultWriter openOutput(ModelSpec spec) throws IOException {
    if (out == null) {
      return OutputFormat.JSONL.open(new FileOutputStream(FileDescriptor.out), spec);
    }
    return OutputFormat.forPath(out).open(out, spec, Smoothing.parse(smooth).on());
  }

  private ProgressBar progressBar(List<FrameSource> sources) {
    boolean wanted = progress != null ? progress : System.console() != null;
    long total = 0;
    for (FrameSource s : sources) {
      if (s.live() || s.frameCountHint() < 0) {
        return null;
      }
      total += s.frameCountHint();
    }
    if (!wanted || total <= 0) {
      return null;
    }
    return new ProgressBarBuilder()
        .setTaskName("analysing")
        .setInitialMax(total)
        .setStyle(ProgressBarStyle.ASCII)
        .setUnit(" frames", 1)
        .setUpdateIntervalMillis(250)
        .build();
  }

  private ScheduledReporter reporter(MetricRegistry registry) throws UserError {
    ScheduledReporter reporter;
    if (metricsReporter.equals("none") || metricsReporter.startsWith(PROMETHEUS)) {
      return null;
    } else if (metricsReporter.equals("console")) {
      reporter =
          ConsoleReporter.forRegistry(registry)
              .outputTo(err)
              .convertDurationsTo(TimeUnit.MILLISECONDS)
              .build();
    } else if (metricsReporter.startsWith("csv:")) {
      Path dir = Path.of(metricsReporter.substring(4));
      try {
        Files.createDirectories(dir);
      } catch (IOException e) {
        throw new UserError("cannot create metrics folder " + dir + ": " + e.getMessage());
      }
      reporter =
          CsvReporter.forRegistry(registry)
              .convertDurationsTo(TimeUnit.MILLISECONDS)
              .build(dir.toFile());
    } else {
      throw new UserError(
          "--metrics must be none, console, csv:DIR or prometheus:HOST:PORT, is "
              + metricsReporter);
    }
    reporter.start(metricsInterval, TimeUnit.SECONDS);
    return reporter;
  }

  // ---- Smoothing and the Prometheus endpoint (the options are above).
  private static final String PROMETHEUS = "prometheus:";

  /** Checks --smooth (later parsed again where used). */
  private void checkSmoothing() throws UserError {
    try {
      Smoothing.parse(smooth);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
  }

  /** Where --metrics prometheus: listens, or null for the other reporters. */
  private InetSocketAddress prometheusAddress() throws UserError {
    if (!metricsReporter.startsWith(PROMETHEUS)) {
      return null;
    }
    try {
      return PrometheusEndpoint.address(metricsReporter.substring(PROMETHEUS.length()));
    } catch (IllegalArgumentException e) {
      throw new UserError("--metrics " + metricsReporter + ": " + e.getMessage());
    }
  }

  /** The endpoint --metrics prometheus: asks for, listening before the first frame; or null. */
  private PrometheusEndpoint prometheus(MetricRegistry registry) throws UserError {
    InetSocketAddress address = prometheusAddress();
    if (address == null) {
      return null;
    }
    try {
      PrometheusEndpoint endpoint = PrometheusEndpoint.start(address, registry);
      err.println("analyzer: Prometheus metrics at " + endpoint.url());
      return endpoint;
    } catch (IOException e) {
      throw new UserError(
          "--metrics " + metricsReporter + ": cannot listen there: " + e.getMessage());
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running: it waits for this run to finish
    }
  }

  /** A mistake in the command line; its message is the one line the user sees. */
  static final class UserError extends Exception {
    UserError(String message) {
      super(message);
    }
  }

  /** Where the shipped models are: models/ in the working folder, or beside the jar's module. */
  static final class ShippedModels {
    private ShippedModels() {}

    static Path defaultModel() {
      for (Path dir : candidates()) {
        if (Files.isDirectory(dir)) {
          try (Stream<Path> files = Files.list(dir)) {
            Path found =
                files
                    .filter(p -> p.getFileName().toString().matches("emma-.*\\.onnx"))
                    .sorted()
                    .findFirst()
                    .orElse(null);
            if (found != null) {
              return found;
            }
          } catch (IOException ignored) {
            // an unreadable folder holds no model for us
          }
        }
      }
      return null;
    }

    private static List<Path> candidates() {
      List<Path> dirs = new ArrayList<>();
      dirs.add(Path.of("models"));
      try {
        Path jar =
            Path.of(RunCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        // analyzer-runtime/target/analyzer.jar -> the checkout's models/
        Path root = jar.getParent() != null ? jar.getParent().getParent() : null;
        if (root != null && root.getParent() != null) {
          dirs.add(root.getParent().resolve("models"));
        }
      } catch (Exception ignored) {
        // no code source: the working folder is the only place to look
      }
      return dirs;
    }
  }
}
