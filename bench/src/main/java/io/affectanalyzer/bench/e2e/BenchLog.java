package io.affectanalyzer.bench.e2e;

import java.util.Locale;

/** The harness's progress lines, on stderr (bench/run.sh keeps them as pipeline-bench.log). */
final class BenchLog {
  private BenchLog() {}

  static void log(String format, Object... args) {
    System.err.println("[bench] " + String.format(Locale.ROOT, format, args));
  }
}
