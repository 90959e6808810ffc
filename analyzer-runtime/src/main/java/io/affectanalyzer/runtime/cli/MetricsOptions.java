package io.affectanalyzer.runtime.cli;

import com.codahale.metrics.ConsoleReporter;
import com.codahale.metrics.CsvReporter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.ScheduledReporter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Option;

/** {@code run}'s metrics options: which periodic reporter, and how often. */
final class MetricsOptions {
  @Option(
      names = "--metrics",
      paramLabel = "REPORTER",
      defaultValue = "none",
      description =
          "Periodic metrics: none (default), console (to stderr), or csv:DIR (one CSV per metric).")
  String metricsReporter;

  @Option(
      names = "--metrics-interval",
      defaultValue = "5",
      paramLabel = "SECONDS",
      description = "Seconds between metric reports (default: ${DEFAULT-VALUE}).")
  int metricsInterval;

  void validate() throws UserError {
    UserError.require(metricsInterval >= 1, "--metrics-interval must be at least 1 second");
  }

  /** The started reporter of {@code registry}, or null for none; console reports go to err. */
  ScheduledReporter startReporter(MetricRegistry registry, PrintStream err) throws UserError {
    ScheduledReporter reporter;
    if (metricsReporter.equals("none")) {
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
      throw new UserError("--metrics must be none, console or csv:DIR, is " + metricsReporter);
    }
    reporter.start(metricsInterval, TimeUnit.SECONDS);
    return reporter;
  }
}
