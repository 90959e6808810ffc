package io.affectanalyzer.runtime.cli;

import io.affectanalyzer.runtime.source.FrameSource;
import java.nio.file.Path;
import java.util.List;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Option;

/** {@code run}'s output options: where records go, and the progress bar. */
final class OutputOptions {
  @Option(
      names = {"-o", "--out"},
      paramLabel = "FILE",
      description = "Where records go: .jsonl (default format) or .csv. Default: standard output.")
  Path out;

  @Option(
      names = "--progress",
      negatable = true,
      description = "Progress bar for files on stderr (default: on when stderr is a terminal).")
  Boolean progress;

  /** A bar over the frames of {@code sources}, or null: unwanted, or a live or unknown length. */
  ProgressBar progressBar(List<FrameSource> sources) {
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
}
