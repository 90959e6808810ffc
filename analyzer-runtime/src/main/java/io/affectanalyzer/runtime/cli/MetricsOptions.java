package io.affectanalyzer.runtime.cli;

import com.codahale.metrics.ConsoleReporter;
import com.codahale.metrics.CsvReporter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.ScheduledReporter;
import io.affectanalyzer.runtime.metrics.PrometheusEndpoint;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Option;

/** {@code run}'s metrics options: which periodic reporter, how often, or a Prometheus endpoint. */
final class MetricsOptions {
  @Option(
      names = "--metrics",
      paramLabel = "REPORTER",
      defaultValue = "none",
      description =
          "Periodic metrics: none (default), console (to stderr), csv:DIR (one CSV per metric), or"
              + " prometheus:HOST:PORT (served at http://HOST:PORT/metrics while the run lasts;"
              + " prometheus:PORT listens on the loopback address only, port 0 on any free port).")
  String metricsReporter;

  @Option(
      names = "--metrics-interval",
      defaultValue = "5",
      paramLabel = "SECONDS",
      description = "Seconds between metric reports (default: ${DEFAULT-VALUE}).")
  int metricsInterval;

  private static final String PROMETHEUS = "prometheus:";

  void validate() throws UserError {
    UserError.require(metricsInterval >= 1, "--metrics-interval must be at least 1 second");
    prometheusAddress();
  }

  /** The started reporter of {@code registry}, or null for none; console reports go to err. */
  ScheduledReporter startReporter(MetricRegistry registry, PrintStream err) throws UserError {
    ScheduledReporter reporter;
    if (metricsReporter.equals("none") || metricsReporter.startsWith(PROMETHEUS)) {
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
      throw new UserError(
          "--metrics must be none, console, csv:DIR or prometheus:HOST:PORT, is "
              + metricsReporter);
    }
    reporter.start(metricsInterval, TimeUnit.SECONDS);
    return reporter;
  }

  /** Where --metrics prometheus: listens, or null for the other reporters. */
  private InetSocketAddress prometheusAddress() throws UserError {
    if (!metricsReporter.startsWith(PROMETHEUS)) {
      return null;
    }
    try {
      return PrometheusEndpoint.address(metricsReporter.substring(PROMETHEUS.length()));
    } catch (IllegalArgumentException e) {
      throw new UserError("--metrics " + metricsReporter + ": " + e.getMessage());
    }
  }

  /** The endpoint --metrics prometheus: asks for, listening before the first frame; or null. */
  PrometheusEndpoint startPrometheus(MetricRegistry registry, PrintStream err) throws UserError {
    InetSocketAddress address = prometheusAddress();
    if (address == null) {
      return null;
    }
    try {
      PrometheusEndpoint endpoint = PrometheusEndpoint.start(address, registry);
      err.println("analyzer: Prometheus metrics at " + endpoint.url());
      return endpoint;
    } catch (IOException e) {
      throw new UserError(
          "--metrics " + metricsReporter + ": cannot listen there: " + e.getMessage());
    }
  }
}
