package io.affectanalyzer.runtime.cli;

import io.affectanalyzer.runtime.source.SourceOptions;
import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code run}'s options for live inputs: streams' timeouts and reconnects, the live queue. */
final class LiveOptions {
  @Option(
      names = "--live-queue",
      defaultValue = "2",
      description =
          "Frames a live input may have waiting before the oldest is dropped (default:"
              + " ${DEFAULT-VALUE}).")
  int liveQueue;

  @Option(
      names = "--connect-timeout-ms",
      defaultValue = "5000",
      description = "Streams: connect timeout (default: ${DEFAULT-VALUE}).")
  int connectTimeoutMs;

  @Option(
      names = "--read-timeout-ms",
      defaultValue = "5000",
      description =
          "Streams: how long without data before reconnecting (default: ${DEFAULT-VALUE}).")
  int readTimeoutMs;

  @Option(
      names = "--reconnect",
      defaultValue = "5",
      description =
          "Streams: reconnect attempts after a drop, with backoff (default: ${DEFAULT-VALUE}).")
  int reconnect;

  SourceOptions sourceOptions() {
    SourceOptions d = SourceOptions.defaults();
    return d.withTimeouts(Duration.ofMillis(connectTimeoutMs), Duration.ofMillis(readTimeoutMs))
        .withReconnect(reconnect, d.initialBackoff(), d.maxBackoff());
  }
}
