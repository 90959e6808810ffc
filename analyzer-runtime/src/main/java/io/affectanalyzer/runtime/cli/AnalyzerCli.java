package io.affectanalyzer.runtime.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code analyzer}: the operator's entry point. */
@Command(
    name = "analyzer",
    mixinStandardHelpOptions = true,
    version = "Affect Analyzer 0.1.0",
    description = {
      "Watches faces in videos, images, webcams and RTSP/HTTP streams and writes, per frame and"
          + " face, 12 action units, 8 expression probabilities and valence/arousal."
    },
    subcommands = {
      RunCommand.class,
      WorkerCommand.class,
      TimelineCommand.class,
      CommandLine.HelpCommand.class
    })
public final class AnalyzerCli {
  private AnalyzerCli() {}

  public static void main(String[] args) {
    quietLogging();
    System.exit(execute(args));
  }

  /**
   * One short line per log record, warnings and up: what the operator needs (a CUDA fallback, a
   * skipped image) without the JDK's two-line default format.
   */
  static void quietLogging() {
    System.setProperty("java.util.logging.SimpleFormatter.format", "analyzer: %5$s%6$s%n");
    java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
    root.setLevel(java.util.logging.Level.WARNING);
    // Kafka's clients log through SLF4J, warning at every reconnect to a broker that went away;
    // what the operator needs of it reaches them as an error: line.
    if (System.getProperty("org.slf4j.simpleLogger.log.org.apache.kafka") == null) {
      System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
    }
    for (java.util.logging.Handler h : root.getHandlers()) {
      h.setLevel(java.util.logging.Level.WARNING);
      h.setFormatter(new java.util.logging.SimpleFormatter());
    }
  }

  /** Runs the command line and returns its exit code (tests call this). */
  public static int execute(String... args) {
    return new CommandLine(new AnalyzerCli()).execute(args);
  }
}
