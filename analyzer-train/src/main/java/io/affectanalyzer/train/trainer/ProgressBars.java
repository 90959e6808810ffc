package io.affectanalyzer.train.trainer;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/** Progress of long work on stderr. */
public final class ProgressBars {
  private ProgressBars() {}

  /** A bar on stderr, or one that draws nothing (stderr is a file: no bar in the log). */
  public static ProgressBar onStderr(String name, int max, boolean shown) {
    return new ProgressBarBuilder()
        .setTaskName(name)
        .setInitialMax(max)
        .setUpdateIntervalMillis(250)
        .setConsumer(
            shown
                ? new ConsoleProgressBarConsumer(System.err)
                : new DelegatingProgressBarConsumer(line -> {}))
        .build();
  }
}
