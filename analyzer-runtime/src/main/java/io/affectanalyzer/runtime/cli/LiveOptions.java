package io.affectanalyzer.runtime.cli;

import io.affectanalyzer.runtime.source.FrameSource;
import io.affectanalyzer.runtime.source.PacedSource;
import io.affectanalyzer.runtime.source.SourceOptions;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code run}'s options for live inputs: streams' timeouts and reconnects, the live queue, and
 * video files read at their frame rate as if live.
 */
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

  @Option(
      names = "--realtime",
      description =
          "Read video files at their own frame rate, as a camera delivers frames, in place of as"
              + " fast as they are analysed: to watch one on the --serve dashboard, or to try a live"
              + " setup with a file. Every frame is still analysed.")
  boolean realtime;

  /** Under {@code --realtime}, each opened video file in {@code sources} paced at its rate. */
  void pace(List<FrameSource> sources) {
    if (realtime) {
      sources.replaceAll(s -> !s.live() && s.frameRate() > 0 ? new PacedSource(s) : s);
    }
  }

  SourceOptions sourceOptions() {
    SourceOptions d = SourceOptions.defaults();
    return d.withTimeouts(Duration.ofMillis(connectTimeoutMs), Duration.ofMillis(readTimeoutMs))
        .withReconnect(reconnect, d.initialBackoff(), d.maxBackoff());
  }
}
