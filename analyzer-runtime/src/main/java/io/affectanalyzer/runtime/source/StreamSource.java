package io.affectanalyzer.runtime.source;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live network stream: {@code rtsp://}, {@code rtsps://}, {@code rtmp://}, {@code http://},
 * {@code https://}. When the stream drops, {@link #grab()} reconnects with exponential backoff up
 * to {@link SourceOptions#reconnectAttempts()} times, then returns null with an {@link
 * #endReason()}.
 */
public final class StreamSource implements FrameSource {
  private static final Logger LOG = LoggerFactory.getLogger(StreamSource.class);

  private final String url;
  private final SourceOptions options;
  private FfmpegDecoder decoder;
  private double frameRate;
  private boolean started;
  private boolean ended;
  private String endReason;
  private long delivered;
  private int reconnects;
  private long timestampMillis;
  // Live timestamps continue across reconnects: each session restarts its clock.
  private long sessionOffsetMillis;
  private long sessionFirstMicros = Long.MIN_VALUE;

  public StreamSource(String url, SourceOptions options) {
    this.url = url;
    this.options = options;
  }

  /** True for the URL schemes this source reads. */
  public static boolean handles(String input) {
    String lower = input.toLowerCase(Locale.ROOT);
    return lower.startsWith("rtsp://")
        || lower.startsWith("rtsps://")
        || lower.startsWith("rtmp://")
        || lower.startsWith("rtmps://")
        || lower.startsWith("http://")
        || lower.startsWith("https://");
  }

  @Override
  public String name() {
    return url;
  }

  @Override
  public boolean live() {
    return true;
  }

  @Override
  public long frameCountHint() {
    return -1;
  }

  @Override
  public double frameRate() {
    return frameRate;
  }

  @Override
  public void start() throws SourceException {
    if (started) {
      throw new IllegalStateException("already started: " + url);
    }
    if (!handles(url)) {
      throw new SourceException("not a stream URL (rtsp, rtsps, rtmp, http, https): " + url);
    }
    try {
      decoder = FfmpegDecoder.open(url, null, ffmpegOptions());
    } catch (FrameGrabber.Exception e) {
      throw new SourceException(
          "cannot open stream " + url + " (" + FfmpegDecoder.reason(e) + ")", e);
    }
    frameRate = decoder.frameRate();
    started = true;
  }

  /**
   * Timeouts as FFmpeg 7 names them per protocol (all in microseconds). RTSP: {@code timeout} is
   * the socket timeout, connect included ({@code stimeout} is gone). HTTP: {@code timeout} for the
   * socket, {@code rw_timeout} for each read. RTMP: only {@code rw_timeout}, set to the connect
   * timeout, since its {@code timeout} would make FFmpeg listen for a publisher instead.
   */
  Map<String, String> ffmpegOptions() {
    Map<String, String> o = new HashMap<>();
    String lower = url.toLowerCase(Locale.ROOT);
    // JavaCV retries a failed avformat_open_input once, so each try gets half the connect timeout.
    String connect = Long.toString(micros(options.connectTimeout()) / 2);
    String read = Long.toString(micros(options.readTimeout()));
    if (lower.startsWith("rtsp")) {
      o.put("timeout", connect);
      o.put("rtsp_transport", options.rtspTransport().ffmpegName());
    } else if (lower.startsWith("http")) {
      o.put("timeout", connect);
      o.put("rw_timeout", read);
      // A server closing an endless HTTP stream is a drop, which grab() handles itself.
      o.put("reconnect", "0");
    } else {
      o.put("rw_timeout", connect);
    }
    return o;
  }

  @Override
  public Frame grab() throws SourceException {
    if (!started) {
      throw new IllegalStateException("not started: " + url);
    }
    while (!ended) {
      String dropReason;
      try {
        Frame frame = decoder == null ? null : decoder.next();
        if (frame != null) {
          return deliver(frame);
        }
        dropReason = "stream ended";
      } catch (FrameGrabber.Exception e) {
        dropReason = FfmpegDecoder.reason(e);
      }
      reconnect(dropReason);
    }
    return null;
  }

  private Frame deliver(Frame frame) {
    long micros = decoder.timestampMicros();
    if (sessionFirstMicros == Long.MIN_VALUE) {
      sessionFirstMicros = micros;
    }
    timestampMillis = sessionOffsetMillis + Math.max(0, (micros - sessionFirstMicros) / 1000);
    delivered++;
    return frame;
  }

  /**
   * Closes the dropped session and reopens, backing off; ends the source when all attempts fail.
   */
  private void reconnect(String dropReason) {
    closeDecoder();
    String last = dropReason;
    for (int attempt = 1; attempt <= options.reconnectAttempts(); attempt++) {
      Duration pause = options.backoff(attempt);
      LOG.warn(
          "{}: {} ({}); reconnect {}/{} in {} ms",
          url,
          attempt == 1 ? "stream dropped" : "reconnect failed",
          last,
          attempt,
          options.reconnectAttempts(),
          pause.toMillis());
      try {
        Thread.sleep(pause.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        end("interrupted while reconnecting after " + delivered + " frames");
        return;
      }
      try {
        decoder = FfmpegDecoder.open(url, null, ffmpegOptions());
        reconnects++;
        // Continue the clock one frame interval after the last delivered frame.
        sessionOffsetMillis = timestampMillis + 1;
        sessionFirstMicros = Long.MIN_VALUE;
        LOG.info("{}: reconnected after attempt {}", url, attempt);
        return;
      } catch (FrameGrabber.Exception e) {
        last = FfmpegDecoder.reason(e);
      }
    }
    end(
        "stream lost after "
            + delivered
            + " frames ("
            + dropReason
            + "); "
            + options.reconnectAttempts()
            + " reconnect attempts failed, last: "
            + last);
  }

  private void end(String reason) {
    ended = true;
    endReason = reason;
  }

  @Override
  public long timestampMillis() {
    return timestampMillis;
  }

  @Override
  public String endReason() {
    return endReason;
  }

  /** Frames returned by {@link #grab()} so far. */
  public long delivered() {
    return delivered;
  }

  /** Successful reconnects so far. */
  public int reconnects() {
    return reconnects;
  }

  private static long micros(Duration d) {
    return d.toNanos() / 1000;
  }

  private void closeDecoder() {
    if (decoder != null) {
      decoder.close();
      decoder = null;
    }
  }

  @Override
  public void close() {
    closeDecoder();
    ended = true;
  }
}
