package io.affectanalyzer.train.trainer;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.affectanalyzer.train.data.Batch;
import io.affectanalyzer.train.data.BatchLoader;
import io.affectanalyzer.train.data.DataFormatException;
import io.affectanalyzer.train.data.FaceTransform;
import io.affectanalyzer.train.data.MixedDataset;
import io.affectanalyzer.train.data.Sample;
import io.affectanalyzer.train.data.SharpnessCheck;
import io.affectanalyzer.train.nn.ParameterNames;
import io.affectanalyzer.train.nn.Scalars;
import io.affectanalyzer.train.optim.AdamW;
import io.affectanalyzer.train.optim.LayerDecay;
import io.affectanalyzer.train.optim.LrSchedule;
import io.affectanalyzer.train.optim.OptimConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import me.tongfei.progressbar.ProgressBar;

/**
 * The epoch loop: seeded batches, forward and masked losses, gradient accumulation, AdamW with
 * layer-wise decay and clipping, validation with the ABAW metrics, a checkpoint and a metrics row
 * per epoch, the curves PNG. Each batch lives in its own NDManager sub-manager and NDScope, so
 * native memory stays flat however long the run.
 */
public final class Trainer {
  /** Faces per source for the sharpness check (a second or two of decoding). */
  private static final int SHARPNESS_SAMPLES = 64;

  private final TrainOptions options;

  public Trainer(TrainOptions options) {
    this.options = options;
  }

  /** Trains on CUDA when the engine sees a GPU, on the CPU otherwise. */
  public static Device device() {
    return Engine.getInstance().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
  }

  public TrainResult run() {
    TrainConfig config = TrainConfig.read(options.config());
    if (options.epochs() != null) {
      config = config.withEpochs(options.epochs());
    }
    Path base = options.config().toAbsolutePath().getParent();
    String commit = SourceVersion.gitCommit();
    Path runDir = options.runDir();
    RunMirror mirror = options.mirror() != null ? new RunMirror(options.mirror(), runDir) : null;
    if (mirror != null && options.resume() && mirror.restoreIfAhead()) {
      System.err.println("train: restored " + runDir + " from " + mirror.folder());
    }
    Optional<Path> previous = Checkpoint.latest(runDir);
    if (previous.isPresent() && !options.resume()) {
      throw new DataFormatException(
          runDir
              + ": already holds checkpoints; pass --resume to continue it or --out for a new run");
    }
    if (previous.isEmpty() && options.resume()) {
      throw new DataFormatException(runDir + ": no checkpoint to resume from");
    }
    Map<String, List<Sample>> trainSources = load(config.train(), base, "train");
    Map<String, List<Sample>> valSources = load(config.val(), base, "val");
    List<Sample> trainSamples = MixedDataset.of(List.copyOf(trainSources.values())).samples();
    List<Sample> valSamples = MixedDataset.of(List.copyOf(valSources.values())).samples();
    FaceTransform trainView =
        new FaceTransform(config.inputSize(), config.mean(), config.std(), config.augmentation());
    FaceTransform evalView =
        new FaceTransform(
            config.inputSize(),
            config.mean(),
            config.std(),
            io.affectanalyzer.train.data.Augmentation.none());
    checkSharpness(trainSources, valSources, evalView);
    BatchLoader trainLoader =
        new BatchLoader(trainSamples, trainView, config.batchSize(), true, config.seed());
    BatchLoader valLoader =
        valSamples.isEmpty()
            ? null
            : new BatchLoader(valSamples, evalView, config.batchSize(), false, config.seed());
    int batches = limited(trainLoader.batchesPerEpoch());
    int valBatches = valLoader == null ? 0 : limited(valLoader.batchesPerEpoch());
    OptimConfig oc = config.optim();
    long stepsPerEpoch = (batches + oc.accumulate() - 1) / oc.accumulate();
    Checkpoint.State done = previous.map(Checkpoint::readState).orElse(null);
    LrSchedule schedule =
        LrSchedule.forRun(
            oc.scaledLr(config.batchSize()),
            oc.minLr(),
            oc.warmupEpochs(),
            stepsPerEpoch,
            config.epochs(),
            done == null ? 0 : done.epoch(),
            done == null ? 0 : done.step());

    try {
      Files.createDirectories(runDir);
      if (previous.isEmpty()) {
        Files.writeString(runDir.resolve("config.json"), config.toJson());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }

    Engine.getInstance().setRandomSeed((int) config.seed());
    TrainTask task = Tasks.create(config, base);
    task.prepare(trainSamples).forEach(line -> System.err.println("train: " + line));
    Block model = task.model();
    try (NDManager manager = NDManager.newBaseManager(device())) {
      model.initialize(
          manager,
          DataType.FLOAT32,
          new Shape(config.batchSize(), 3, config.inputSize(), config.inputSize()));
      task.afterInitialize(manager);
      List<Pair<String, Parameter>> named = new ArrayList<>();
      ParameterNames.of(model).forEach((name, p) -> named.add(new Pair<>(name, p)));
      attachGradients(named);
      try (AdamW optimizer =
          new AdamW(named, new LayerDecay(task.depth(), oc.layerDecay()), oc, schedule, manager)) {
        int startEpoch = 1;
        if (previous.isPresent()) {
          Checkpoint.State s = Checkpoint.load(previous.get(), model, optimizer, manager);
          startEpoch = s.epoch() + 1;
          attachGradients(named); // loading replaced the parameter arrays
        }
        long startStep = optimizer.stepCount();
        MetricsLog log = new MetricsLog(runDir);
        ParameterStore ps = new ParameterStore(manager, false);
        double lastLoss = Double.NaN;
        Map<String, Double> lastVal = Map.of();
        Path checkpoint = previous.orElse(null);
        int lastEpoch =
            options.stopAfter() != null
                ? Math.min(options.stopAfter(), config.epochs())
                : config.epochs();
        for (int epoch = startEpoch; epoch <= lastEpoch; epoch++) {
          long t0 = System.nanoTime();
          Map<String, Double> sums = new LinkedHashMap<>();
          int skipped = 0;
          try (ProgressBar bar =
              ProgressBars.onStderr(
                  "epoch " + epoch + "/" + config.epochs(), batches, options.progress())) {
            for (int b = 0; b < batches; b++) {
              Map<String, Float> parts =
                  trainBatch(task, ps, manager, trainLoader, epoch - 1, b, oc.accumulate());
              if (parts == null) {
                if (++skipped > Math.max(1, batches / 100)) {
                  throw new TrainingDiverged(
                      "training loss is not finite in "
                          + skipped
                          + " batches of epoch "
                          + epoch
                          + " (last: batch "
                          + b
                          + "); lower optim.lr or set optim.clipNorm, then --resume");
                }
                bar.step();
                continue;
              }
              parts.forEach((k, v) -> sums.merge(k, (double) v, Double::sum));
              boolean boundary = (b + 1) % oc.accumulate() == 0 || b == batches - 1;
              if (boundary) {
                optimizer.step();
                log.step(optimizer.stepCount(), optimizer.lastLr(), parts.get("loss"));
              }
              bar.step();
              bar.setExtraMessage(
                  String.format(java.util.Locale.ROOT, " loss %.4f", parts.get("loss")));
            }
          }
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("epoch", epoch);
          row.put("step", optimizer.stepCount());
          row.put("lr", optimizer.lastLr());
          for (var e : sums.entrySet()) {
            row.put("train_" + e.getKey(), e.getValue() / (batches - skipped));
          }
          row.put("grad_norm", optimizer.lastGradNorm());
          row.put("skipped_batches", skipped);
          row.put("skipped_steps", optimizer.skippedSteps());
          lastLoss = sums.get("loss") / (batches - skipped);
          if (valLoader != null) {
            lastVal = validate(task, ps, manager, valLoader, valBatches);
            row.putAll(lastVal);
          }
          row.put("seconds", (System.nanoTime() - t0) / 1e9);
          log.epoch(row);
          System.err.println(epochLine(epoch, config.epochs(), lastLoss, lastVal, row));
          checkpoint =
              Checkpoint.save(
                  runDir,
                  model,
                  optimizer,
                  new Checkpoint.State(
                      task.kind(),
                      config.preset(),
                      epoch,
                      optimizer.stepCount(),
                      Checkpoint.now(),
                      asMap(config),
                      options.commandLine(task.kind()),
                      commit));
          CurvePlot.write(log, runDir.resolve("curves.png"));
          if (mirror != null) {
            mirror.save(checkpoint);
          }
        }
        return new TrainResult(
            task.kind(),
            runDir,
            startEpoch,
            lastEpoch,
            startStep,
            optimizer.stepCount(),
            lastLoss,
            lastVal,
            checkpoint,
            log.csv(),
            log.jsonl(),
            runDir.resolve("curves.png"));
      }
    }
  }

  private static Map<String, Float> trainBatch(
      TrainTask task,
      ParameterStore ps,
      NDManager manager,
      BatchLoader loader,
      int epoch,
      int index,
      int accumulate) {
    try (NDManager batchManager = manager.newSubManager();
        NDScope scope = new NDScope()) {
      Batch batch = loader.batch(batchManager, epoch, index);
      Map<String, Float> parts = new LinkedHashMap<>();
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDList outputs = task.forward(ps, batch.images(), true);
        Map<String, NDArray> losses = task.losses(batch.labels(), outputs);
        NDArray total = losses.get("loss");
        float value = total.getFloat();
        if (!Float.isFinite(value)) {
          return null; // skipped by the caller, which gives up if it happens often
        }
        // Divided by the accumulation count so k micro-batches add up to one big batch's gradient.
        gc.backward(accumulate == 1 ? total : Scalars.div(total, accumulate));
        for (var e : losses.entrySet()) {
          parts.put(e.getKey(), e.getValue().getFloat());
        }
      }
      return parts;
    }
  }

  private static Map<String, Double> validate(
      TrainTask task, ParameterStore ps, NDManager manager, BatchLoader loader, int batches) {
    Validator validator = new Validator();
    for (int b = 0; b < batches; b++) {
      try (NDManager batchManager = manager.newSubManager();
          NDScope scope = new NDScope()) {
        Batch batch = loader.batch(batchManager, 0, b);
        validator.add(task.heads(ps, batch.images()), batch.labels());
        task.validationLosses(ps, batch.images(), batch.labels())
            .forEach((name, value) -> validator.addLoss(name, value.getFloat()));
      }
    }
    return validator.scores();
  }

  private static void attachGradients(List<Pair<String, Parameter>> parameters) {
    for (Pair<String, Parameter> p : parameters) {
      if (p.getValue().requiresGradient()) {
        p.getValue().getArray().setRequiresGradient(true);
      }
    }
  }

  private int limited(int batches) {
    return options.limit() == null ? batches : Math.max(1, Math.min(batches, options.limit()));
  }

  /** Each source's samples under a name for messages ({@code train 1: folder fer2013/train}). */
  private static Map<String, List<Sample>> load(List<DataSource> sources, Path base, String role) {
    Map<String, List<Sample>> lists = new LinkedHashMap<>();
    for (int i = 0; i < sources.size(); i++) {
      lists.put(role + " " + (i + 1) + ": " + sources.get(i).describe(), sources.get(i).load(base));
    }
    return lists;
  }

  /** Warns, before any step, when one source is much blurrier than another (see the card). */
  private static void checkSharpness(
      Map<String, List<Sample>> train, Map<String, List<Sample>> val, FaceTransform view) {
    Map<String, Double> sharpness = new LinkedHashMap<>();
    for (var sources : List.of(train, val)) {
      sources.forEach(
          (name, samples) ->
              sharpness.put(name, SharpnessCheck.sharpness(samples, view, SHARPNESS_SAMPLES)));
    }
    for (String line : SharpnessCheck.mismatches(sharpness)) {
      System.err.println("warning: data: " + line);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(TrainConfig config) {
    return TrainConfig.JSON.convertValue(config, Map.class);
  }

  /** {@code epoch 3/6: loss 3.5006, expr_acc 0.2899, ..., 134.8 s}. */
  static String epochLine(
      int epoch, int epochs, double loss, Map<String, Double> val, Map<String, Object> row) {
    StringBuilder line =
        new StringBuilder(
            String.format(java.util.Locale.ROOT, "epoch %d/%d: loss %.4f", epoch, epochs, loss));
    val.forEach((k, v) -> line.append(String.format(java.util.Locale.ROOT, ", %s %.4f", k, v)));
    Object skipped = row.get("skipped_steps");
    if (skipped instanceof Number n && n.longValue() > 0) {
      line.append(", skipped steps so far ").append(n.longValue());
    }
    double seconds = ((Number) row.get("seconds")).doubleValue();
    return line.append(String.format(java.util.Locale.ROOT, ", %.1f s", seconds)).toString();
  }
}
