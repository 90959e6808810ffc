package io.affectanalyzer.runtime.source;

import java.time.Duration;

/**
 * How live sources connect and recover. Files ignore everything here.
 *
 * <p>FFmpeg 7 has one socket timeout for RTSP ({@code timeout}, connect and reads alike), so for
 * rtsp:// the connect timeout also bounds a stalled read. JavaCV tries to open an input twice, so
 * each try gets half of the connect timeout and a dead host fails within about that time.
 *
 * @param connectTimeout longest wait to open a stream (FFmpeg {@code timeout})
 * @param readTimeout longest wait for data once open, for HTTP (FFmpeg {@code rw_timeout})
 * @param reconnectAttempts reconnects tried after a live stream drops, before giving up
 * @param initialBackoff pause before the first reconnect; doubled after each failure
 * @param maxBackoff the cap on that pause
 * @param rtspTransport how RTP travels for rtsp:// inputs (TCP interleaving by default)
 */
public record SourceOptions(
    Duration connectTimeout,
    Duration readTimeout,
    int reconnectAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    RtspTransport rtspTransport) {

  /** RTP transport for RTSP; TCP passes firewalls and NAT and loses no packets. */
  public enum RtspTransport {
    TCP,
    UDP;

    String ffmpegName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public SourceOptions {
    requirePositive(connectTimeout, "connect timeout");
    requirePositive(readTimeout, "read timeout");
    requirePositive(initialBackoff, "initial backoff");
    requirePositive(maxBackoff, "max backoff");
    if (reconnectAttempts < 0) {
      throw new IllegalArgumentException("reconnect attempts must be >= 0: " + reconnectAttempts);
    }
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("max backoff must be >= initial backoff");
    }
    if (rtspTransport == null) {
      throw new IllegalArgumentException("rtsp transport must be given");
    }
  }

  /** 5 s to connect, 5 s to read, 5 reconnects backing off 0.5 s doubling to 8 s, RTSP on TCP. */
  public static SourceOptions defaults() {
    return new SourceOptions(
        Duration.ofSeconds(5),
        Duration.ofSeconds(5),
        5,
        Duration.ofMillis(500),
        Duration.ofSeconds(8),
        RtspTransport.TCP);
  }

  public SourceOptions withRtspTransport(RtspTransport transport) {
    return new SourceOptions(
        connectTimeout, readTimeout, reconnectAttempts, initialBackoff, maxBackoff, transport);
  }

  public SourceOptions withReconnect(int attempts, Duration initial, Duration max) {
    return new SourceOptions(connectTimeout, readTimeout, attempts, initial, max, rtspTransport);
  }

  public SourceOptions withTimeouts(Duration connect, Duration read) {
    return new SourceOptions(
        connect, read, reconnectAttempts, initialBackoff, maxBackoff, rtspTransport);
  }

  /** The pause before reconnect number {@code attempt} (1-based). */
  public Duration backoff(int attempt) {
    Duration pause = initialBackoff;
    for (int i = 1; i < attempt && pause.compareTo(maxBackoff) < 0; i++) {
      pause = pause.multipliedBy(2);
    }
    return pause.compareTo(maxBackoff) > 0 ? maxBackoff : pause;
  }

  private static void requirePositive(Duration d, String what) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive: " + d);
    }
  }
}
