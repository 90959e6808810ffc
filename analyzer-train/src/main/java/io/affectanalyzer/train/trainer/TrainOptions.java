package io.affectanalyzer.train.trainer;

import java.nio.file.Path;

/**
 * What the {@code train} command was asked: the config, where the run folder is ({@code null}:
 * {@code runs/<config name>}), whether to resume from its latest checkpoint, and optional overrides
 * of the epoch count and of the batches per epoch ({@code limit}, for quick runs), and whether to
 * draw a progress bar (else each epoch is one plain line, for logs that go to a file), and where to
 * mirror the run folder ({@code null}: nowhere), and the epoch after which to stop though the
 * schedule runs on ({@code null}: its end; ablations compare runs at an early epoch of one
 * schedule).
 */
public record TrainOptions(
    Path config,
    Path out,
    boolean resume,
    Integer epochs,
    Integer limit,
    boolean progress,
    Path mirror,
    Integer stopAfter) {
  public Path runDir() {
    if (out != null) {
      return out;
    }
    String name = config.getFileName().toString().replaceFirst("\\.json$", "");
    return Path.of("runs", name);
  }

  /** The command that reproduces this run, as written into checkpoints and model provenance. */
  public String commandLine(String kind) {
    StringBuilder c = new StringBuilder("train ").append(kind).append(" --config ").append(config);
    if (out != null) {
      c.append(" --out ").append(out);
    }
    if (epochs != null) {
      c.append(" --epochs ").append(epochs);
    }
    if (limit != null) {
      c.append(" --limit ").append(limit);
    }
    if (stopAfter != null) {
      c.append(" --stop-after ").append(stopAfter);
    }
    return c.toString();
  }
}
