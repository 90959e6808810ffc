package io.affectanalyzer.train.export;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.onnx.proto.OnnxMl.ModelProto;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.affectanalyzer.runtime.model.ModelContract;
import io.affectanalyzer.train.dan.Dan;
import io.affectanalyzer.train.data.DataFormatException;
import io.affectanalyzer.train.trainer.Checkpoint;
import io.affectanalyzer.train.trainer.DataSource;
import io.affectanalyzer.train.trainer.Pretrained;
import io.affectanalyzer.train.trainer.SourceVersion;
import io.affectanalyzer.train.trainer.Tasks;
import io.affectanalyzer.train.trainer.TrainConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * From a training checkpoint to an ONNX file: rebuilds the block from the checkpoint's own config
 * (the trainer's {@code Tasks}), loads its parameters, exports it with metadata derived from that
 * config, writes it and checks the file against the contract.
 */
public final class CheckpointExport {
  /** What was written. */
  public record Result(
      Path file,
      String kind,
      String preset,
      long bytes,
      Checkpoint.State state,
      double inputBlurSigma,
      float[] exprBias,
      List<String> exprEnsemble) {}

  /**
   * How to export.
   *
   * @param inputBlur input low-pass sigma; null: the largest {@code blurSigma} of the training
   *     sources (the domain they were blurred to)
   * @param flipAverage the graph also scores the mirrored face and averages the two
   * @param auThresholds per-AU decision thresholds for the metadata; null: 0.5 each
   * @param priorCorrection {@code tau} of {@link ClassPrior}: 0 for none
   * @param trainConfig the training config whose data gives the class prior; null: the one in the
   *     checkpoint's recorded command, from the working folder
   * @param exprWithDan the expression output also averages in a DAN's: EMMA's own, CoTEX's teacher
   *     (its config's {@code teacherCheckpoint})
   * @param ensemble further DAN checkpoints (or run folders) whose expressions the output averages
   *     in, each weighted as the model's own; empty for none
   */
  public record Options(
      boolean fp16,
      Double inputBlur,
      boolean flipAverage,
      float[] auThresholds,
      double priorCorrection,
      Path trainConfig,
      boolean exprWithDan,
      List<Path> ensemble) {
    public Options {
      ensemble = List.copyOf(ensemble);
    }

    public Options withAuThresholds(float[] thresholds) {
      return new Options(
          fp16,
          inputBlur,
          flipAverage,
          thresholds,
          priorCorrection,
          trainConfig,
          exprWithDan,
          ensemble);
    }
  }

  private CheckpointExport() {}

  /**
   * @param checkpoint a checkpoint folder ({@code state.json}) or a run folder (its newest one)
   * @param kind the kind the user expects, checked against the checkpoint's
   */
  public static Result export(Path checkpoint, String kind, Path out, Options options) {
    Path dir = resolve(checkpoint);
    Checkpoint.State state = Checkpoint.readState(dir);
    if (!state.kind().equalsIgnoreCase(kind)) {
      throw new IllegalArgumentException(
          "checkpoint " + dir + " holds a " + state.kind() + " model, not " + kind);
    }
    TrainConfig config = new ObjectMapper().convertValue(state.config(), TrainConfig.class);
    double blur = options.inputBlur() != null ? options.inputBlur() : trainingBlur(config.train());
    boolean cotexWithTeacher = options.exprWithDan() && kind.equalsIgnoreCase("cotex");
    // The config's folder resolves its data (for the prior) and its teacher's path.
    Path configFolder =
        options.priorCorrection() > 0 || cotexWithTeacher
            ? configFolder(options.trainConfig(), state)
            : null;
    float[] bias =
        options.priorCorrection() > 0
            ? ClassPrior.logitBias(
                ClassPrior.counts(config.train(), configFolder), options.priorCorrection())
            : null;
    List<Path> members = options.ensemble().stream().map(CheckpointExport::resolve).toList();
    List<String> names = members.stream().map(CheckpointExport::memberName).toList();
    Block model = Tasks.create(config, dir).model(); // parameters come from the checkpoint
    try (NDManager manager = NDManager.newBaseManager()) {
      model.initialize(
          manager, DataType.FLOAT32, new Shape(1, 3, config.inputSize(), config.inputSize()));
      Checkpoint.load(dir, model, null, manager);
      ModelMetadata meta =
          metadata(model, config, state, dir)
              .withInputBlur(blur)
              .withFlipAverage(options.flipAverage())
              .withAuThresholds(options.auThresholds())
              .withExprBias(bias)
              .withExprWithDan(options.exprWithDan())
              .withExprEnsemble(names); // refuses a kind without expressions to average
      Dan teacher = cotexWithTeacher ? teacher(config, configFolder, manager) : null;
      List<Dan> ensemble = new ArrayList<>();
      for (Path member : members) {
        ensemble.add((Dan) Pretrained.load(member, "dan", manager));
      }
      ModelProto proto = ModelExporter.export(model, teacher, ensemble, meta, options.fp16());
      try {
        OnnxGraph.write(proto, out);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot write " + out + ": " + e.getMessage(), e);
      }
    }
    try (io.affectanalyzer.train.eval.OnnxRunner runner =
        io.affectanalyzer.train.eval.OnnxRunner.open(out, 1)) {
      List<String> problems = ContractCheck.problems(runner);
      if (!problems.isEmpty()) {
        throw new IllegalStateException("exported model breaks the contract: " + problems);
      }
    }
    long bytes;
    try {
      bytes = Files.size(out);
    } catch (IOException e) {
      bytes = -1;
    }
    return new Result(
        out, state.kind(), ModelExporter.presetOf(model), bytes, state, blur, bias, names);
  }

  /** A CoTEX's teacher DAN, loaded from its config's {@code teacherCheckpoint}. */
  static Dan teacher(TrainConfig config, Path configFolder, NDManager manager) {
    String path = config.modelString("teacherCheckpoint", null);
    if (path == null) {
      throw new IllegalArgumentException(
          "this CoTEX was trained without a teacher DAN: nothing to average its expression with");
    }
    return (Dan) Pretrained.load(configFolder.resolve(path).normalize(), "dan", manager);
  }

  /** A checkpoint's name for the metadata: its run folder and epoch, e.g. {@code run/epoch-018}. */
  static String memberName(Path checkpoint) {
    Path abs = checkpoint.toAbsolutePath().normalize();
    Path parent = abs.getParent();
    boolean inRun =
        parent != null
            && parent.getFileName() != null
            && parent.getFileName().toString().equals("checkpoints")
            && parent.getParent() != null;
    String name =
        (inRun ? parent.getParent().getFileName() + "/" : "") + abs.getFileName().toString();
    return name.replace(',', '_');
  }

  /** Where the training config's relative paths start. */
  static Path configFolder(Path trainConfig, Checkpoint.State state) {
    Path config = trainConfig;
    if (config == null) {
      Matcher m =
          Pattern.compile("--config\\s+(\\S+)")
              .matcher(state.command() == null ? "" : state.command());
      if (!m.find()) {
        throw new IllegalArgumentException(
            "the checkpoint does not record its training config; pass --train-config");
      }
      config = Path.of(m.group(1));
    }
    if (!Files.isRegularFile(config)) {
      throw new IllegalArgumentException(
          "training config "
              + config
              + " not found (its data gives the class prior); pass"
              + " --train-config");
    }
    return config.toAbsolutePath().getParent();
  }

  static double trainingBlur(List<DataSource> train) {
    return train.stream()
        .map(DataSource::blurSigma)
        .filter(java.util.Objects::nonNull)
        .mapToDouble(Double::doubleValue)
        .max()
        .orElse(0);
  }

  static Path resolve(Path checkpoint) {
    if (Files.isRegularFile(checkpoint.resolve(Checkpoint.STATE))) {
      return checkpoint;
    }
    return Checkpoint.latest(checkpoint)
        .orElseThrow(
            () ->
                new DataFormatException(
                    checkpoint
                        + ": neither a checkpoint folder (state.json) nor a run folder with checkpoints"));
  }

  static ModelMetadata metadata(Block model, TrainConfig config, Checkpoint.State state, Path dir) {
    List<String> heads = ModelExporter.headsOf(model);
    boolean va = heads.contains(ModelContract.VA);
    String data =
        config.train().stream()
            .map(s -> s.format() + ":" + s.path())
            .collect(Collectors.joining(" "));
    String command =
        (state.command() != null ? state.command() : "train " + state.kind())
            + " (preset "
            + state.preset()
            + ", epoch "
            + state.epoch()
            + ", step "
            + state.step()
            + ", checkpoint "
            + dir.getFileName()
            + ")";
    String exportCommit = SourceVersion.gitCommit();
    String commit =
        state.commit() == null || state.commit().equals(exportCommit)
            ? exportCommit
            : state.commit() + " (exported at " + exportCommit + ")";
    return new ModelMetadata(
        ModelExporter.kindOf(model),
        ModelExporter.presetOf(model),
        config.inputSize(),
        config.mean(),
        config.std(),
        heads,
        supervision(config.train(), heads),
        va ? vaSupervision(config.train()) : null,
        new ModelMetadata.Provenance(command, data, commit, state.created()),
        0,
        false,
        null,
        null,
        false,
        List.of());
  }

  /**
   * Per head, the data that taught it: ABAW MTL lines teach every head with rated VA; CK+ gives
   * FACS AUs and posed expressions; FER2013 and LSD folders expressions only. A VA head without
   * rated data is marked {@code category-prior}.
   */
  static String supervision(List<DataSource> train, List<String> heads) {
    Set<String> au = new LinkedHashSet<>();
    Set<String> expr = new LinkedHashSet<>();
    for (DataSource s : train) {
      switch (s.format().toLowerCase(Locale.ROOT)) {
        case "mtl" -> {
          au.add("abaw-mtl");
          expr.add("abaw-mtl");
        }
        case "ckplus" -> {
          au.add("ckplus-facs");
          expr.add("ckplus");
        }
        case "lsd" -> expr.add("abaw-lsd");
        default -> expr.add(s.labels() != null ? s.labels() : "folder");
      }
    }
    List<String> parts = new ArrayList<>();
    if (heads.contains(ModelContract.AU)) {
      parts.add("au=" + (au.isEmpty() ? "none" : String.join("+", au)));
    }
    parts.add("expr=" + (expr.isEmpty() ? "none" : String.join("+", expr)));
    if (heads.contains(ModelContract.VA)) {
      parts.add("va=" + vaSupervision(train));
    }
    return String.join(";", parts);
  }

  static String vaSupervision(List<DataSource> train) {
    return train.stream().anyMatch(s -> s.format().equalsIgnoreCase("mtl"))
        ? "rated"
        : "category-prior";
  }
}
