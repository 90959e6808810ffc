package io.affectanalyzer.bench.e2e;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Snapshot;
import io.affectanalyzer.bench.model.VitStandIn;
import io.affectanalyzer.runtime.align.FaceAligner;
import io.affectanalyzer.runtime.cpu.InferenceCore;
import io.affectanalyzer.runtime.detect.BlazeFaceDetector;
import io.affectanalyzer.runtime.detect.FaceDetection;
import io.affectanalyzer.runtime.detect.FaceDetector;
import io.affectanalyzer.runtime.detect.FaceDetectors;
import io.affectanalyzer.runtime.detect.TwoPassBlazeFaceDetector;
import io.affectanalyzer.runtime.frame.Image;
import io.affectanalyzer.runtime.model.ModelContract;
import io.affectanalyzer.runtime.model.ModelException;
import io.affectanalyzer.runtime.model.ModelSpec;
import io.affectanalyzer.runtime.model.OnnxAffectModel;
import io.affectanalyzer.runtime.onnx.OrtSessions;
import io.affectanalyzer.runtime.output.FrameResult;
import io.affectanalyzer.runtime.output.JsonlResultWriter;
import io.affectanalyzer.runtime.pipeline.FaceFollower;
import io.affectanalyzer.runtime.pipeline.Pipeline;
import io.affectanalyzer.runtime.pipeline.PipelineMetrics;
import io.affectanalyzer.runtime.source.FrameSource;
import io.affectanalyzer.runtime.source.FrameSources;
import io.affectanalyzer.runtime.source.PixelCopy;
import io.affectanalyzer.runtime.source.SourceException;
import io.affectanalyzer.runtime.source.SourceOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.bytedeco.javacv.Frame;

/**
 * The end-to-end benchmark: for each input, decode-only, detection-only and full-pipeline
 * throughput and the pipeline's own capture-to-emit latency; inference-only throughput per batch
 * size; scaling over concurrent streams; resident memory over a long run; latency of one live
 * (paced) stream. Writes {@code report.json}, {@code report.md} and PNG plots into a folder.
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

  /** Frames kept per input for detection-only runs (decoded once, detected twice over). */
  private static final int DETECT_FRAMES = 48;

  private final BenchOptions opt;
  private final OnnxAffectModel model;
  private final Path modelFile;
  private final OrtSessions.Options ort;
  private final FaceDetector detector;
  private final FaceAligner aligner;
  private final ModelSpec spec;
  private final Pipeline.Config config;

  /** Where inference may keep a core to itself; null: never (GPU, more threads, one core). */
  private final InferenceCore plan;

  private final List<float[]> crops = new ArrayList<>();
  private final List<double[]> histogramRuns = new ArrayList<>();
  private final List<String> histogramNames = new ArrayList<>();

  private PipelineBench(
      BenchOptions opt,
      OnnxAffectModel model,
      Path modelFile,
      OrtSessions.Options ort,
      FaceDetector detector) {
    this.opt = opt;
    this.model = model;
    this.modelFile = modelFile;
    this.ort = ort;
    this.detector = detector;
    this.spec = model.spec();
    this.aligner = new FaceAligner(spec.inputSize(), spec.rgb(), spec.mean(), spec.std());
    // The analyzer's own rule (RunCommand): a core of its own for CPU inference on one thread.
    boolean pin =
        !opt.pinInference.equals("off")
            && opt.threads == 1
            && model.executionProvider().equals("CPU");
    this.plan = pin ? InferenceCore.ofThisThread().orElse(null) : null;
    this.config =
        Pipeline.Config.DEFAULT.withInferenceCore(
            plan != null && opt.pinInference.equals("always") ? plan.always() : plan);
  }

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
    List<Input> inputs = inputs(opt); // a missing input fails before any model loads
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
    try (OnnxAffectModel model = OnnxAffectModel.open(modelFile, ort);
        FaceDetector detector = FaceDetectors.open(FaceDetectors.DEFAULT, ort)) {
      PipelineBench bench = new PipelineBench(opt, model, modelFile, ort, detector);
      Results results = bench.measure(machine, describe(described, model.spec()), ort, inputs);
      new ReportWriter(opt.out).write(results);
      try {
        ReportWriter.latencyHistogram(
            opt.out,
            "Capture-to-emit latency (" + model.executionProvider() + ")",
            bench.histogramRuns,
            bench.histogramNames);
      } catch (IOException e) {
        throw new BenchException("cannot write the latency plot: " + e.getMessage());
      }
      log("report written to %s", opt.out.toAbsolutePath());
    } catch (ModelException e) {
      throw new BenchException(e.getMessage());
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

  private Results measure(
      MachineInfo machine, String modelDescription, OrtSessions.Options ort, List<Input> inputs)
      throws BenchException, InterruptedException {
    String detectorProvider =
        detector instanceof TwoPassBlazeFaceDetector t
            ? t.provider()
            : detector instanceof BlazeFaceDetector b ? b.provider() : "?";
    Results.Setup setup =
        new Results.Setup(
            modelDescription,
            model.executionProvider(),
            FaceDetectors.DEFAULT + " (two-pass BlazeFace: back-256 proposes, front-128 confirms)",
            detectorProvider,
            ort.intraOpThreads(),
            plan != null ? pinning(config) + ", " + plan : null,
            config.maxBatch(),
            config.batchDeadlineMillis(),
            "JSONL, into a discarding stream (encoding counted, disk not)",
            "pipelined limit = min(decode, detection, inference) frames/s, detection as the"
                + " pipeline runs it (whole frame every "
                + config.detectEvery()
                + " frames, doubling up to every "
                + config.detectEveryMax()
                + " while no new face shows up, close to the last faces between, and no look for a"
                + " face still enough to"
                + " keep its box, up to "
                + config.stillReuse()
                + " frames in a row): the stages run on their"
                + " own threads, so the slowest bounds the pipeline when cores suffice; serial"
                + " limit = 1/sum(1/stage): all stages sharing one core; core limit = min(pipelined,"
                + " stages at once x serial): every core busy with stage work, the most this"
                + " machine can give; stages at once = cores / ONNX Runtime threads per session ("
                + stagesAtOnce()
                + " here; FFmpeg may decode on more threads, so decode counts a little light);"
                + " measured core limit = the same with the stages at once counted at the speedup"
                + " measured with that many inference sessions at once (cores that share a"
                + " physical core or its caches give less than one each)."
                + " Inference limit = faces/s"
                + " at the batch size nearest the pipeline's mean batch, / faces per frame (left"
                + " out for inputs without faces). Alignment, tracking and output are left out:"
                + " microseconds per face (see the JMH figures). The pipeline figures follow "
                + opt.warmupSeconds
                + " s of unmeasured runs of the first input, as the stage limits follow their"
                + " warm-up calls.");

    List<Results.VideoFigures> videos = new ArrayList<>();
    List<DecodeRun> decodes = new ArrayList<>();
    for (Input in : inputs) {
      log("decode + detect: %s", in.name);
      DecodeRun d = decodeOnly(in);
      decodes.add(d);
      collectCrops(d.images);
    }
    List<Results.InferenceFigure> inference = inferenceOnly();
    List<Results.ScalingFigure> scaling = inferenceScaling();
    double speedup = scaling.isEmpty() ? Double.NaN : scaling.get(scaling.size() - 1).speedup();
    List<Map<String, Double>> singlePass = new ArrayList<>();
    for (DecodeRun d : decodes) {
      singlePass.add(new TreeMap<>());
    }
    // The default detector's two looks, each alone: where detection time goes.
    for (String name : List.of("blazeface-front128", "blazeface-back256")) {
      try (FaceDetector single = FaceDetectors.open(name, ort)) {
        for (int i = 0; i < decodes.size(); i++) {
          DetectRun r = detectOnly(single, decodes.get(i).images);
          singlePass.get(i).put(name, BenchMath.rate(r.frames, r.nanos));
        }
      }
    }
    // Unmeasured pipeline runs first, as the stage limits get their warm-up calls: the JIT
    // compiles the pipeline's own code (ring, stages, alignment, output) during them, not during
    // the figures. One run of the sample video is not enough: it still compiles seconds later.
    if (inputs.get(0).path != null && opt.warmupSeconds > 0) {
      log("pipeline warm-up: %s for %d s", inputs.get(0).name, opt.warmupSeconds);
      long until = System.nanoTime() + opt.warmupSeconds * 1_000_000_000L;
      do {
        runPipeline(List.of(inputs.get(0).open.get()));
      } while (System.nanoTime() < until);
    }
    for (int i = 0; i < inputs.size(); i++) {
      Input in = inputs.get(i);
      DecodeRun d = decodes.get(i);
      DetectRun det = detectAsThePipelineDoes(d.images, singlePass.get(i));
      log("pipeline: %s", in.name);
      PipelineRun p = runPipeline(List.of(in.open.get()));
      if (in.name.equals("WolfgangLanger_Pexels.mp4") || (i == 0 && in.path == null)) {
        keepHistogram(in.name + " (file, saturated)", p.latency);
      }
      videos.add(figures(in, d, det, singlePass.get(i), p, inference, speedup));
    }

    Input scaleInput = pick(inputs, "single_face.mp4");
    List<Results.StreamsFigure> streams = new ArrayList<>();
    if (scaleInput.path != null) {
      for (int n : opt.streams) {
        log("%d concurrent streams of %s", n, scaleInput.name);
        List<FrameSource> sources = new ArrayList<>();
        for (int s = 0; s < n; s++) {
          sources.add(
              new BenchSource(scaleInput.path, scaleInput.name + "#" + s, opt.streamLoops, false));
        }
        PipelineRun p = runPipeline(sources);
        long perStream = p.frames / n;
        double seconds = p.nanos / 1e9;
        streams.add(
            new Results.StreamsFigure(
                n,
                scaleInput.name,
                perStream,
                seconds,
                perStream / seconds,
                p.frames / seconds,
                p.meanBatch,
                latency(p.latency),
                p.latencyByStream.values().stream()
                    .mapToDouble(x -> x.get99thPercentile() / 1000)
                    .min()
                    .orElse(Double.NaN),
                p.latencyByStream.values().stream()
                    .mapToDouble(x -> x.get99thPercentile() / 1000)
                    .max()
                    .orElse(Double.NaN)));
      }
    }

    Input longInput = pick(inputs, "WolfgangLanger_Pexels.mp4");
    Results.MemoryFigure memory = null;
    if (longInput.path != null) {
      int loops = memoryLoops(longInput, videos);
      log("memory: %s looped %d times", longInput.name, loops);
      memory = memoryRun(longInput, loops);
    }

    Results.LiveFigure live = null;
    if (scaleInput.path != null) {
      live = liveRun(scaleInput, decodes.get(inputs.indexOf(scaleInput)));
    }
    List<Results.PairedFigure> paired = List.of();
    if (longInput.path != null) {
      int at = inputs.indexOf(longInput);
      paired = pairedRuns(longInput, decodes.get(at), videos.get(at).meanBatch());
    }
    List<Results.DetectionSettingFigure> detectionSettings = List.of();
    if (longInput.path != null && detector instanceof TwoPassBlazeFaceDetector) {
      detectionSettings = detectionSettingRuns(longInput);
    }
    return new Results(
        machine,
        setup,
        inference,
        scaling,
        videos,
        streams,
        memory,
        live,
        paired,
        detectionSettings,
        MachineInfo.loadAverage());
  }

  // ---- inputs ----

  /** One input: a file (loopable) or any source the runtime opens (a stream URL). */
  private record Input(String name, Path path, Supplier<FrameSource> open) {}

  private static List<Input> inputs(BenchOptions opt) throws BenchException {
    List<Input> list = new ArrayList<>();
    if (opt.videos != null) {
      if (!Files.isDirectory(opt.videos)) {
        throw new BenchException("no such video folder: " + opt.videos);
      }
      try (var files = Files.list(opt.videos)) {
        for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
          list.add(fileInput(p));
        }
      } catch (IOException e) {
        throw new BenchException("cannot list " + opt.videos + ": " + e.getMessage());
      }
    }
    for (String s : opt.inputs) {
      Path p = Path.of(s);
      if (Files.isRegularFile(p)) {
        list.add(fileInput(p));
      } else if (s.contains("://")) {
        list.add(new Input(s, null, () -> FrameSources.open(s, SourceOptions.defaults())));
      } else {
        throw new BenchException("no such input file: " + s);
      }
    }
    if (list.isEmpty()) {
      throw new BenchException("no inputs: give --videos DIR or --input FILE");
    }
    return list;
  }

  private static Input fileInput(Path p) {
    String name = p.getFileName().toString();
    return new Input(name, p, () -> new BenchSource(p, name, 1, false));
  }

  private static Input pick(List<Input> inputs, String name) {
    return inputs.stream()
        .filter(i -> i.name.equals(name))
        .findFirst()
        .orElse(inputs.stream().filter(i -> i.path != null).findFirst().orElse(inputs.get(0)));
  }

  // ---- stage limits ----

  private record DecodeRun(long frames, long nanos, int width, int height, List<Image> images) {}

  /** Decoding and copying the pixels out, as the pipeline's source thread does, nothing else. */
  private DecodeRun decodeOnly(Input in) throws BenchException {
    List<Image> images = new ArrayList<>();
    long frames = 0;
    int w = 0;
    int h = 0;
    byte[] pixels = new byte[0];
    long t0 = System.nanoTime();
    try (FrameSource source = in.open.get()) {
      source.start();
      Frame f;
      while ((f = source.grab()) != null) {
        if (f.image == null) {
          continue;
        }
        int size = PixelCopy.packedSize(f);
        if (pixels.length < size) {
          pixels = new byte[size];
        }
        PixelCopy.copy(f, pixels);
        w = f.imageWidth;
        h = f.imageHeight;
        if (images.size() < DETECT_FRAMES) {
          images.add(new Image(w, h, Arrays.copyOf(pixels, size)));
        }
        frames++;
      }
    } catch (SourceException e) {
      throw new BenchException(in.name + ": " + e.getMessage());
    }
    long nanos = System.nanoTime() - t0;
    return new DecodeRun(frames, nanos, w, h, images);
  }

  private record DetectRun(long frames, long faces, long nanos) {}

  /** Detection alone on frames decoded before: BlazeFace takes one frame a call (batch 1). */
  private DetectRun detectOnly(List<Image> images) {
    return detectOnly(detector, images);
  }

  private DetectRun detectOnly(FaceDetector detector, List<Image> images) {
    if (images.isEmpty()) {
      return new DetectRun(0, 0, 0);
    }
    for (int i = 0; i < Math.min(3, images.size()); i++) {
      detector.detect(images.get(i)); // warm-up: first runs allocate and plan
    }
    int rounds = opt.quick ? 1 : 2;
    long faces = 0;
    long t0 = System.nanoTime();
    for (int r = 0; r < rounds; r++) {
      for (Image img : images) {
        faces += detector.detect(img).size();
      }
    }
    return new DetectRun((long) rounds * images.size(), faces, System.nanoTime() - t0);
  }

  /**
   * Detection as the pipeline's detect stage runs it on a video, through the stage's own {@link
   * FaceFollower}: with the default detector, the whole frame every {@code detectEvery} frames
   * (doubling up to {@code detectEveryMax} while no new face shows up) and when a face is lost,
   * else only close to the last faces, or no look for a still face. The whole-frame rate goes into
   * {@code perFrame} beside the single looks.
   */
  private DetectRun detectAsThePipelineDoes(List<Image> images, Map<String, Double> perFrame) {
    DetectRun every = detectOnly(images);
    if (!(detector instanceof TwoPassBlazeFaceDetector) || config.detectEvery() <= 1) {
      return every;
    }
    perFrame.put("two-pass on every frame", BenchMath.rate(every.frames, every.nanos));
    int rounds = opt.quick ? 1 : 2;
    long faces = 0;
    long t0 = System.nanoTime();
    for (int r = 0; r < rounds; r++) {
      FaceFollower follower =
          new FaceFollower(detector, config, new PipelineMetrics(new MetricRegistry()));
      for (Image image : images) {
        faces += follower.faces(0, image, true).size();
      }
    }
    return new DetectRun((long) rounds * images.size(), faces, System.nanoTime() - t0);
  }

  /** Real aligned faces for the inference-only runs. */
  private void collectCrops(List<Image> images) {
    for (Image img : images) {
      if (crops.size() >= 64) {
        return;
      }
      for (FaceDetection face : detector.detect(img)) {
        FloatBuffer buf = FloatBuffer.allocate(aligner.floatsPerFace());
        aligner.align(img, face, buf, 0);
        crops.add(buf.array());
      }
    }
  }

  /** Packing the direct batch buffer and one session run, as the infer stage does. */
  private List<Results.InferenceFigure> inferenceOnly() {
    int floats = aligner.floatsPerFace();
    if (crops.isEmpty()) {
      Random r = new Random(1);
      float[] c = new float[floats];
      for (int i = 0; i < floats; i++) {
        c[i] = r.nextFloat() * 2 - 1;
      }
      crops.add(c);
    }
    List<Results.InferenceFigure> out = new ArrayList<>();
    for (int batch : opt.batches) {
      log("inference only, batch %d", batch);
      out.add(inferenceAt(batch));
    }
    return out;
  }

  /** Inference alone at {@code batch} on the collected crops, after two warm-up calls. */
  private Results.InferenceFigure inferenceAt(int batch) {
    int floats = aligner.floatsPerFace();
    FloatBuffer buffer =
        ByteBuffer.allocateDirect(batch * floats * Float.BYTES)
            .order(ByteOrder.nativeOrder())
            .asFloatBuffer();
    int next = 0;
    for (int i = 0; i < 2; i++) {
      model.infer(buffer, batch);
    }
    long budget = (opt.quick ? 300 : 1500) * 1_000_000L;
    long calls = 0;
    long t0 = System.nanoTime();
    long elapsed;
    do {
      for (int k = 0; k < batch; k++) {
        buffer.put(k * floats, crops.get(next), 0, floats);
        next = (next + 1) % crops.size();
      }
      model.infer(buffer, batch);
      calls++;
      elapsed = System.nanoTime() - t0;
    } while (elapsed < budget || calls < 3);
    return new Results.InferenceFigure(
        batch, calls, elapsed / 1e9, BenchMath.rate(calls * batch, elapsed), elapsed / 1e6 / calls);
  }

  /**
   * Inference at batch 1 on 1 to {@link #stagesAtOnce} sessions at once, a thread each: how far
   * this machine's cores really scale the work. Two virtual cores that share one physical core, or
   * its caches, give less than twice one: the measured core limit counts them at this speedup. Each
   * count runs three times, interleaved, and keeps its median, so a neighbour's burst on this
   * shared machine moves the ratio less.
   */
  private List<Results.ScalingFigure> inferenceScaling()
      throws BenchException, InterruptedException {
    int most = stagesAtOnce();
    List<Results.ScalingFigure> out = new ArrayList<>();
    if (most < 2) {
      return out;
    }
    List<OnnxAffectModel> models = new ArrayList<>(List.of(model));
    try {
      for (int i = 1; i < most; i++) {
        models.add(OnnxAffectModel.open(modelFile, ort));
      }
      double[][] rates = new double[most][3];
      for (int rep = 0; rep < 3; rep++) {
        for (int k = 1; k <= most; k++) {
          log("inference only, batch 1, %d session(s) at once (%d of 3)", k, rep + 1);
          rates[k - 1][rep] = concurrentRate(models.subList(0, k));
        }
      }
      double single = median(rates[0]);
      for (int k = 1; k <= most; k++) {
        double rate = median(rates[k - 1]);
        out.add(new Results.ScalingFigure(k, rate, rate / single));
      }
    } catch (ModelException e) {
      throw new BenchException(e.getMessage());
    } finally {
      models.subList(1, models.size()).forEach(OnnxAffectModel::close);
    }
    return out;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  /** Faces/s of all {@code models} together, each called at batch 1 on its own thread. */
  private double concurrentRate(List<OnnxAffectModel> models) throws InterruptedException {
    int floats = aligner.floatsPerFace();
    long budget = (opt.quick ? 300 : 1500) * 1_000_000L;
    CyclicBarrier start = new CyclicBarrier(models.size() + 1);
    AtomicLong calls = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    for (OnnxAffectModel m : models) {
      FloatBuffer buffer =
          ByteBuffer.allocateDirect(floats * Float.BYTES)
              .order(ByteOrder.nativeOrder())
              .asFloatBuffer()
              .put(0, crops.get(0), 0, floats);
      Runnable loop =
          () -> {
            m.infer(buffer, 1); // warm-up, before the clock starts
            try {
              start.await();
            } catch (InterruptedException | BrokenBarrierException e) {
              return;
            }
            long t0 = System.nanoTime();
            long n = 0;
            while (System.nanoTime() - t0 < budget) {
              m.infer(buffer, 1);
              n++;
            }
            calls.addAndGet(n);
          };
      Thread t = new Thread(loop, "bench-infer-" + threads.size());
      t.start();
      threads.add(t);
    }
    try {
      start.await();
    } catch (BrokenBarrierException e) {
      return Double.NaN;
    }
    long t0 = System.nanoTime();
    for (Thread t : threads) {
      t.join();
    }
    return BenchMath.rate(calls.get(), System.nanoTime() - t0);
  }

  // ---- the pipeline ----

  private record PipelineRun(
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
      double pinnedSeconds) {}

  private PipelineRun runPipeline(List<FrameSource> sources)
      throws BenchException, InterruptedException {
    return runPipeline(sources, config, f -> {});
  }

  private PipelineRun runPipeline(
      List<FrameSource> sources, Pipeline.Config config, Consumer<FrameResult> listener)
      throws BenchException, InterruptedException {
    PipelineMetrics metrics = new PipelineMetrics(new MetricRegistry());
    List<FrameSource> started = new ArrayList<>();
    try {
      for (FrameSource s : sources) {
        s.start();
        started.add(s);
      }
    } catch (SourceException e) {
      started.forEach(FrameSource::close);
      throw new BenchException(e.getMessage());
    }
    long nanos;
    ThreadCpuProbe cpu;
    try (JsonlResultWriter writer = new JsonlResultWriter(OutputStream.nullOutputStream(), spec);
        Pipeline pipeline =
            new Pipeline(
                sources, detector, aligner, model, List.of(writer), config, metrics, listener)) {
      List<Pipeline.StreamOutcome> outcomes;
      try (ThreadCpuProbe probe = new ThreadCpuProbe(200)) {
        cpu = probe;
        long t0 = System.nanoTime();
        pipeline.start();
        outcomes = pipeline.await();
        nanos = System.nanoTime() - t0;
      }
      for (Pipeline.StreamOutcome o : outcomes) {
        if (o.error() != null) {
          log("warning: %s ended early: %s", o.stream(), o.error());
        }
      }
      if (pipeline.stageFailure() != null) {
        throw new BenchException("a pipeline stage failed: " + pipeline.stageFailure());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    double meanBatch =
        metrics.registry().histogram("batch.size").getSnapshot().size() == 0
            ? 0
            : metrics.registry().histogram("batch.size").getSnapshot().getMean();
    return new PipelineRun(
        metrics.frames(),
        metrics.faces(),
        metrics.dropped(),
        nanos,
        metrics.latencyMicros(),
        metrics.latencyMicrosByStream(),
        meanBatch,
        stageMeans(metrics.registry()),
        cpu.secondsByRole(),
        cpu.waitingSecondsByRole(),
        cpu.wallSeconds(),
        metrics.fullDetectionCount(),
        metrics.fullDetectionCount() + metrics.followCount(),
        metrics.keptCount(),
        metrics.pinnedSeconds());
  }

  /** Mean milliseconds per call of each stage timer the pipeline keeps ({@code stage.<name>}). */
  private static Map<String, Double> stageMeans(MetricRegistry registry) {
    Map<String, Double> out = new TreeMap<>();
    registry
        .getTimers()
        .forEach(
            (name, timer) -> {
              if (name.startsWith("stage.") && timer.getCount() > 0) {
                out.put(name.substring(6), timer.getSnapshot().getMean() / 1e6);
              }
            });
    return out;
  }

  private Results.VideoFigures figures(
      Input in,
      DecodeRun d,
      DetectRun det,
      Map<String, Double> singlePass,
      PipelineRun p,
      List<Results.InferenceFigure> inference,
      double speedup) {
    double decodeFps = BenchMath.rate(d.frames, d.nanos);
    double detectFps = BenchMath.rate(det.frames, det.nanos);
    double pipelineFps = BenchMath.rate(p.frames, p.nanos);
    double facesPerFrame = p.frames == 0 ? 0 : (double) p.faces / p.frames;
    int[] batches = inference.stream().mapToInt(Results.InferenceFigure::batch).toArray();
    Results.InferenceFigure near =
        inference.get(BenchMath.nearest(batches, Math.max(1, p.meanBatch)));
    double inferenceLimit =
        facesPerFrame > 0 ? near.facesPerSecond() / facesPerFrame : Double.POSITIVE_INFINITY;
    double pipelined = BenchMath.pipelinedLimit(decodeFps, detectFps, inferenceLimit);
    double serial = BenchMath.serialLimit(decodeFps, detectFps, inferenceLimit);
    double cores = BenchMath.coreLimit(stagesAtOnce(), decodeFps, detectFps, inferenceLimit);
    double scaled =
        Double.isFinite(speedup)
            ? BenchMath.coreLimit(speedup, decodeFps, detectFps, inferenceLimit)
            : cores;
    return new Results.VideoFigures(
        in.name,
        d.width,
        d.height,
        d.frames,
        decodeFps,
        det.frames,
        detectFps,
        BenchMath.rate(det.faces, det.nanos),
        singlePass,
        pipelineFps,
        BenchMath.rate(p.faces, p.nanos),
        facesPerFrame,
        p.meanBatch,
        Double.isFinite(inferenceLimit) ? inferenceLimit : Double.NaN,
        pipelined,
        serial,
        cores,
        scaled,
        BenchMath.ratio(pipelineFps, pipelined),
        BenchMath.ratio(pipelineFps, serial),
        BenchMath.ratio(pipelineFps, cores),
        BenchMath.ratio(pipelineFps, scaled),
        p.stageMeanMs,
        cpuMsPerFrame(p),
        coresBusy(p),
        latency(p.latency));
  }

  /** CPU milliseconds per frame of each thread role during the run ({@link ThreadCpuProbe}). */
  private static Map<String, Double> cpuMsPerFrame(PipelineRun p) {
    Map<String, Double> out = new TreeMap<>();
    if (p.frames > 0) {
      p.cpuSecondsByRole.forEach((role, s) -> out.put(role, s * 1000 / p.frames));
    }
    return out;
  }

  /** {@code --pin-inference} as this configuration has it: off, auto or always. */
  private static String pinning(Pipeline.Config c) {
    InferenceCore core = c.inferenceCore();
    return core == null ? "off" : core.isAlways() ? "always" : "auto";
  }

  /** One role's seconds (of CPU, or of waiting for a core) over the run's wall time. */
  private static double shareOfRun(PipelineRun p, Map<String, Double> seconds, String role) {
    return p.cpuWallSeconds > 0 && !seconds.isEmpty()
        ? seconds.getOrDefault(role, 0.0) / p.cpuWallSeconds
        : Double.NaN;
  }

  /** The share of all cores that this process kept busy during the run; NaN without /proc. */
  private static double coresBusy(PipelineRun p) {
    double used = p.cpuSecondsByRole.values().stream().mapToDouble(Double::doubleValue).sum();
    int cores = Runtime.getRuntime().availableProcessors();
    return used > 0 && p.cpuWallSeconds > 0 ? used / (p.cpuWallSeconds * cores) : Double.NaN;
  }

  /**
   * How much the detect stage's economies save and change: the pipeline on {@code in} with a close
   * look at every frame and full passes every {@code detectEvery} frames (the stage before it kept
   * boxes or lengthened the interval), then with boxes kept ({@code stillReuse}), then with the
   * configured settings (the interval doubling up to {@code detectEveryMax} as well), all with no
   * thread pinned, and last the configured settings as they are (inference on its own core, when it
   * has one); interleaved over the rounds (this machine's speed drifts). Speed figures are the
   * rounds' medians, score comparisons from the first round.
   */
  private List<Results.DetectionSettingFigure> detectionSettingRuns(Input in)
      throws BenchException, InterruptedException {
    int loops = opt.quick ? 1 : 2;
    int rounds = opt.quick ? 1 : 3;
    int every = config.detectEvery();
    List<Pipeline.Config> settings =
        List.of(
            config.withDetection(every, every, 0),
            config.withDetection(every, every, config.stillReuse()),
            config);
    int n = settings.size();
    double[][] fps = new double[n][rounds];
    double[][] cpuMs = new double[n][rounds];
    double[][] detectMs = new double[n][rounds];
    PipelineRun[] first = new PipelineRun[n];
    ScoreSeries[] scores = new ScoreSeries[n];
    for (int r = 0; r < rounds; r++) {
      for (int k = 0; k < n; k++) {
        Pipeline.Config c = settings.get(k);
        log(
            "detection every %d..%d, still-reuse %d: %s looped %d times, round %d",
            c.detectEvery(), c.detectEveryMax(), c.stillReuse(), in.name, loops, r + 1);
        ScoreSeries series = new ScoreSeries();
        PipelineRun p =
            runPipeline(List.of(new BenchSource(in.path, in.name, loops, false)), c, series::add);
        if (r == 0) {
          first[k] = p;
          scores[k] = series;
        }
        fps[k][r] = BenchMath.rate(p.frames, p.nanos);
        Map<String, Double> perFrame = cpuMsPerFrame(p);
        cpuMs[k][r] = perFrame.values().stream().mapToDouble(Double::doubleValue).sum();
        detectMs[k][r] = perFrame.getOrDefault("detect", Double.NaN);
      }
    }
    List<Results.DetectionSettingFigure> out = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      PipelineRun p = first[k];
      Pipeline.Config c = settings.get(k);
      double frames = p.frames == 0 ? Double.NaN : p.frames;
      out.add(
          new Results.DetectionSettingFigure(
              in.name,
              loops,
              c.detectEvery(),
              c.detectEveryMax(),
              c.stillReuse(),
              rounds,
              p.frames,
              p.full / frames,
              p.kept / frames,
              p.looks / frames,
              median(fps[k]),
              median(cpuMs[k]),
              median(detectMs[k]),
              scores[k].against(scores[0]),
              scores[k].exprStep(),
              scores[k].labelChangesPer100()));
    }
    return out;
  }

  /**
   * The issue's ratio, pipeline / min(decode, inference), with inference alone measured at the
   * batch size nearest the pipeline's mean just before and just after each pipeline run: the stage
   * limits at the top of the report come minutes before the pipeline figures, and this machine's
   * speed drifts by more than the ratio's margin in that time. With the inference core and without
   * it, interleaved over the rounds.
   */
  private List<Results.PairedFigure> pairedRuns(Input in, DecodeRun d, double meanBatch)
      throws BenchException, InterruptedException {
    int loops = opt.quick ? 1 : 2;
    int rounds = opt.quick ? 1 : 5;
    int batch = opt.batches[BenchMath.nearest(opt.batches, Math.max(1, meanBatch))];
    double decodeFps = BenchMath.rate(d.frames, d.nanos);
    List<Pipeline.Config> settings =
        plan != null
            ? List.of(
                config.withInferenceCore(null),
                config.withInferenceCore(plan),
                config.withInferenceCore(plan.always()))
            : List.of(config);
    int n = settings.size();
    double[][] limit = new double[n][rounds];
    double[][] fps = new double[n][rounds];
    double[][] ratio = new double[n][rounds];
    double[][] inferBusy = new double[n][rounds];
    double[][] inferWaiting = new double[n][rounds];
    double[][] busy = new double[n][rounds];
    double[][] pinnedShare = new double[n][rounds];
    for (int r = 0; r < rounds; r++) {
      for (int k = 0; k < n; k++) {
        Pipeline.Config c = settings.get(k);
        log(
            "pipeline and inference limit in turn, pinning %s: %s looped %d times, round %d",
            pinning(c), in.name, loops, r + 1);
        double before = inferenceAt(batch).facesPerSecond();
        PipelineRun p =
            runPipeline(List.of(new BenchSource(in.path, in.name, loops, false)), c, f -> {});
        double after = inferenceAt(batch).facesPerSecond();
        double facesPerFrame = p.frames == 0 ? Double.NaN : (double) p.faces / p.frames;
        limit[k][r] = (before + after) / 2 / facesPerFrame;
        fps[k][r] = BenchMath.rate(p.frames, p.nanos);
        ratio[k][r] = BenchMath.ratio(fps[k][r], Math.min(decodeFps, limit[k][r]));
        inferBusy[k][r] = shareOfRun(p, p.cpuSecondsByRole, "infer");
        inferWaiting[k][r] = shareOfRun(p, p.waitingSecondsByRole, "infer");
        busy[k][r] = coresBusy(p);
        pinnedShare[k][r] = p.pinnedSeconds / (p.nanos / 1e9);
      }
    }
    List<Results.PairedFigure> out = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      double[] sorted = ratio[k].clone();
      Arrays.sort(sorted);
      out.add(
          new Results.PairedFigure(
              in.name,
              loops,
              batch,
              pinning(settings.get(k)),
              rounds,
              decodeFps,
              median(limit[k]),
              median(fps[k]),
              median(ratio[k]),
              sorted[0],
              sorted[rounds - 1],
              median(inferBusy[k]),
              median(inferWaiting[k]),
              median(pinnedShare[k]),
              median(busy[k])));
    }
    return out;
  }

  /**
   * The loop count given, else enough loops of {@code in} for {@code --memory-seconds} at the
   * pipeline rate just measured on it: growth needs a run long enough to show past warm-up.
   */
  private int memoryLoops(Input in, List<Results.VideoFigures> videos) {
    if (opt.memoryLoops > 0) {
      return opt.memoryLoops;
    }
    return videos.stream()
        .filter(v -> v.video().equals(in.name) && v.frames() > 0 && v.pipelineFps() > 0)
        .mapToInt(v -> (int) Math.ceil(opt.memorySeconds * v.pipelineFps() / v.frames()))
        .findFirst()
        .orElse(3);
  }

  /**
   * How many stages can run at once at the rates measured alone: each session takes {@code
   * --threads} cores (0: ONNX Runtime's default, every core, so one stage fills the machine).
   */
  private int stagesAtOnce() {
    int cores = Runtime.getRuntime().availableProcessors();
    return opt.threads == 0 ? 1 : Math.max(1, cores / opt.threads);
  }

  private Results.MemoryFigure memoryRun(Input in, int loops)
      throws BenchException, InterruptedException {
    PipelineRun p;
    List<Double> secs;
    List<Double> mb;
    try (MemoryProbe probe = new MemoryProbe(250)) {
      p = runPipeline(List.of(new BenchSource(in.path, in.name, loops, false)));
      secs = probe.seconds();
      mb = probe.megabytes();
    }
    // The first quarter is warm-up (JIT, ONNX Runtime arenas, ring slots filling): left out.
    int from = secs.size() / 4;
    double slopePerSecond =
        BenchMath.slope(secs.subList(from, secs.size()), mb.subList(from, mb.size()));
    return new Results.MemoryFigure(
        in.name,
        loops,
        p.frames,
        p.nanos / 1e9,
        mb.isEmpty() ? Double.NaN : mb.get(0),
        mb.isEmpty() ? Double.NaN : mb.get(mb.size() - 1),
        MemoryProbe.kilobytes("VmHWM") / 1024.0,
        slopePerSecond * 60,
        String.format(
            Locale.ROOT,
            "samples %d..%d of %d (every 250 ms), first quarter left out as warm-up",
            from,
            secs.size() - 1,
            secs.size()),
        secs,
        mb);
  }

  private Results.LiveFigure liveRun(Input in, DecodeRun d)
      throws BenchException, InterruptedException {
    double sourceFps = measuredFps(in.path);
    int loops = Math.max(1, (int) Math.ceil(opt.liveSeconds * sourceFps / Math.max(1, d.frames)));
    log("live: %s paced at %.2f fps, %d loops", in.name, sourceFps, loops);
    PipelineRun p = runPipeline(List.of(new BenchSource(in.path, in.name, loops, true)));
    keepHistogram(in.name + " (live, paced)", p.latency);
    return new Results.LiveFigure(
        in.name,
        "file paced at its own frame rate, marked live (drop-oldest queue of "
            + config.liveQueue()
            + "); capture = the frame's due time",
        sourceFps,
        p.frames,
        p.dropped,
        p.nanos / 1e9,
        latency(p.latency));
  }

  /** Frames per second from the file's timestamps (frames over the span of their pts). */
  private static double measuredFps(Path path) throws BenchException {
    try (BenchSource s = new BenchSource(path, path.toString(), 1, false)) {
      s.start();
      long first = -1;
      long last = 0;
      long n = 0;
      while (s.grab() != null) {
        if (first < 0) {
          first = s.timestampMillis();
        }
        last = s.timestampMillis();
        n++;
      }
      return n > 1 && last > first ? (n - 1) * 1000.0 / (last - first) : 30;
    } catch (SourceException e) {
      throw new BenchException(e.getMessage());
    }
  }

  private void keepHistogram(String name, Snapshot s) {
    histogramRuns.add(Arrays.stream(s.getValues()).mapToDouble(v -> v / 1000.0).toArray());
    histogramNames.add(name);
  }

  private static Results.Latency latency(Snapshot s) {
    return new Results.Latency(
        s.size(),
        s.getMedian() / 1000,
        s.get95thPercentile() / 1000,
        s.get99thPercentile() / 1000,
        s.getMax() / 1000.0,
        s.getMean() / 1000);
  }

  static void log(String format, Object... args) {
    System.err.println("[bench] " + String.format(Locale.ROOT, format, args));
  }
}
