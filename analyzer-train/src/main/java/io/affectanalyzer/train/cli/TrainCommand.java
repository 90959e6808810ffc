package io.affectanalyzer.train.cli;

import io.affectanalyzer.train.data.DataFormatException;
import io.affectanalyzer.train.trainer.TrainConfig;
import io.affectanalyzer.train.trainer.TrainOptions;
import io.affectanalyzer.train.trainer.TrainResult;
import io.affectanalyzer.train.trainer.Trainer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code train <kind> --config FILE}: one training run, see {@code --help}. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Train a model from a JSON config into a run folder.",
      "The folder gets checkpoints/epoch-NNN/ (model.params,",
      "  optimizer.ndlist, state.json), metrics.csv, metrics.jsonl,",
      "  steps.csv, curves.png and a copy of the config.",
      "",
      "Kinds: mae (masked auto-encoder pretraining of the ViT on faces),",
      "  dan (the CNN expression branch), emma (multi-task AU + expression +",
      "  valence/arousal), cotex (masked co-training of two ViTs for expression),",
      "  vit (a single ViT expression baseline).",
      "Configs: analyzer-train/configs/tiny-*.json (seconds, for tests),",
      "  cpu-*.json (the CPU real-time size), paper-vitb16-*.json (the paper's).",
      "Runs on the GPU when the engine finds one, else on the CPU.",
      ""
    },
    footer = {
      "",
      "Example:",
      "  java -jar analyzer-train/target/analyzer-train.jar train emma \\",
      "      --config analyzer-train/configs/tiny-emma.json \\",
      "      --out runs/emma-try --limit 2",
      "Mistakes in the config or the data stop the run with one line",
      "on stderr and exit code 2."
    })
public final class TrainCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "KIND",
      description = "mae, dan, emma, cotex or vit; must match the config's \"kind\".")
  String kind;

  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "The run's JSON config.")
  Path config;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Run folder (default: runs/<config name>).")
  Path out;

  @Option(names = "--resume", description = "Continue the run folder from its latest checkpoint.")
  boolean resume;

  @Option(
      names = "--epochs",
      paramLabel = "N",
      description = "Train to epoch N instead of the config's count.")
  Integer epochs;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "At most N training and N validation batches per epoch (quick trials).")
  Integer limit;

  @Option(
      names = "--progress",
      negatable = true,
      description =
          "Progress bar per epoch on stderr (default: on when stderr is a terminal). Every epoch"
              + " also ends with one line: its loss, validation scores and time.")
  Boolean progress;

  @Option(
      names = "--mirror",
      paramLabel = "DIR",
      description =
          "Also copy each epoch's checkpoint and the metrics to DIR/<run folder name>, a folder"
              + " outside the work tree; --resume starts from there when the run folder is"
              + " missing or behind.")
  Path mirror;

  @Option(
      names = "--stop-after",
      paramLabel = "N",
      description =
          "Stop after epoch N, the learning-rate schedule still laid out for the config's epochs"
              + " (ablations compare runs at the same early epoch of one schedule).")
  Integer stopAfter;

  private TrainResult result;

  @Override
  public Integer call() {
    if ((epochs != null && epochs < 1)
        || (limit != null && limit < 1)
        || (stopAfter != null && stopAfter < 1)) {
      throw new DataFormatException("--epochs, --limit and --stop-after must be at least 1");
    }
    String configured = TrainConfig.read(config).kind();
    if (configured == null
        || !configured.toLowerCase(Locale.ROOT).equals(kind.toLowerCase(Locale.ROOT))) {
      throw new DataFormatException(
          config + ": is a config for '" + configured + "', not for 'train " + kind + "'");
    }
    boolean bar = progress != null ? progress : System.console() != null;
    result =
        new Trainer(new TrainOptions(config, out, resume, epochs, limit, bar, mirror, stopAfter))
            .run();
    System.err.printf(
        Locale.ROOT,
        "trained %s to epoch %d (step %d), loss %.4f, %s; run folder %s%n",
        result.kind(),
        result.endEpoch(),
        result.endStep(),
        result.lastTrainLoss(),
        result.validation(),
        result.runDir());
    return 0;
  }

  /** The last run's result (after {@link #call}). */
  public TrainResult result() {
    return result;
  }
}
