package io.affectanalyzer.runtime.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/** A V4L2 webcam ({@code /dev/videoN}) read through FFmpeg; live. An unplugged camera ends it. */
public final class WebcamSource implements FrameSource {
  private final String device;
  private FfmpegDecoder decoder;
  private double frameRate;
  private boolean ended;
  private String endReason;
  private long timestampMillis;
  private long firstMicros = Long.MIN_VALUE;

  public WebcamSource(String device) {
    this.device = device;
  }

  /** True for {@code /dev/video*} paths. */
  public static boolean handles(String input) {
    return input.startsWith("/dev/video");
  }

  @Override
  public String name() {
    return device;
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
    if (decoder != null) {
      throw new IllegalStateException("already started: " + device);
    }
    if (!Files.exists(Path.of(device))) {
      throw new SourceException("no such webcam: " + device);
    }
    try {
      decoder = FfmpegDecoder.open(device, "v4l2", Map.of());
    } catch (FrameGrabber.Exception e) {
      throw new SourceException(
          "cannot open webcam " + device + " (" + FfmpegDecoder.reason(e) + ")", e);
    }
    frameRate = decoder.frameRate();
  }

  @Override
  public Frame grab() throws SourceException {
    if (decoder == null) {
      throw new IllegalStateException("not started: " + device);
    }
    if (ended) {
      return null;
    }
    try {
      Frame frame = decoder.next();
      if (frame == null) {
        return end("webcam stopped delivering frames");
      }
      long micros = decoder.timestampMicros();
      if (firstMicros == Long.MIN_VALUE) {
        firstMicros = micros;
      }
      timestampMillis = (micros - firstMicros) / 1000;
      return frame;
    } catch (FrameGrabber.Exception e) {
      return end("webcam lost: " + FfmpegDecoder.reason(e));
    }
  }

  private Frame end(String reason) {
    ended = true;
    endReason = reason;
    return null;
  }

  @Override
  public long timestampMillis() {
    return timestampMillis;
  }

  @Override
  public String endReason() {
    return endReason;
  }

  @Override
  public void close() {
    if (decoder != null) {
      decoder.close();
    }
    ended = true;
  }
}
