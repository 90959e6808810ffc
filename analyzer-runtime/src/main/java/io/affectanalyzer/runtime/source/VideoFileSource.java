package io.affectanalyzer.runtime.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * A video file in any container FFmpeg reads. Not live: every frame is delivered. A file damaged
 * after its first frame (truncated, corrupt packets) delivers what decodes, then ends with null and
 * an {@link #endReason()}.
 */
public final class VideoFileSource implements FrameSource {
  /** Frames an MP4 edit list may hide at the ends (B-frame delay); missing more means damage. */
  private static final long EDIT_LIST_SLACK = 5;

  private final Path path;
  private final String name;
  private FfmpegDecoder decoder;
  private double frameRate;
  private long frameCount = -1;
  private long listedFrames = -1;
  private long delivered;
  private long timestampMillis;
  private String endReason;
  private String truncation;
  private boolean ended;

  public VideoFileSource(Path path) {
    this(path, path.toString());
  }

  public VideoFileSource(Path path, String name) {
    this.path = path;
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean live() {
    return false;
  }

  @Override
  public long frameCountHint() {
    return frameCount;
  }

  @Override
  public double frameRate() {
    return frameRate;
  }

  @Override
  public void start() throws SourceException {
    if (decoder != null) {
      throw new IllegalStateException("already started: " + name);
    }
    if (!Files.exists(path)) {
      throw new SourceException("no such file: " + path);
    }
    if (Files.isDirectory(path)) {
      throw new SourceException("not a video file but a folder: " + path);
    }
    if (!Files.isReadable(path)) {
      throw new SourceException("cannot read file (permission denied): " + path);
    }
    try {
      decoder = FfmpegDecoder.open(path.toString(), null, Map.of());
    } catch (FrameGrabber.Exception e) {
      throw new SourceException(
          "not a video FFmpeg can read: " + path + " (" + FfmpegDecoder.reason(e) + ")", e);
    }
    frameCount = decoder.expectedFrames();
    frameRate = decoder.frameRate();
    listedFrames = decoder.listedFrames();
    long fileSize = fileSize();
    long indexedEnd = decoder.indexedVideoEnd();
    truncation =
        indexedEnd > fileSize
            ? "file truncated: its index reaches byte " + indexedEnd + " of " + fileSize
            : null;
  }

  private long fileSize() throws SourceException {
    try {
      return Files.size(path);
    } catch (java.io.IOException e) {
      throw new SourceException("cannot read file: " + path + " (" + e.getMessage() + ")", e);
    }
  }

  @Override
  public Frame grab() throws SourceException {
    if (decoder == null) {
      throw new IllegalStateException("not started: " + name);
    }
    if (ended) {
      return null;
    }
    Frame frame;
    try {
      frame = decoder.next();
    } catch (FrameGrabber.Exception e) {
      if (delivered == 0) {
        throw new SourceException(
            "cannot decode the first frame of " + path + " (" + FfmpegDecoder.reason(e) + ")", e);
      }
      return end("damaged after frame " + delivered + ": " + FfmpegDecoder.reason(e));
    }
    if (frame == null) {
      // JavaCV treats a read error as the end of the file and skips pictures that fail to decode,
      // so damage shows in the index (truncation) or in a short count.
      if (truncation != null) {
        return end(truncation + "; ended after " + delivered + " frames");
      }
      return end(
          listedFrames - delivered > Math.max(EDIT_LIST_SLACK, listedFrames / 50)
              ? "file damaged: decoded "
                  + delivered
                  + " of the "
                  + listedFrames
                  + " frames it lists"
              : null);
    }
    delivered++;
    timestampMillis = decoder.timestampMicros() / 1000;
    return frame;
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

  /** Frames returned by {@link #grab()} so far. */
  public long delivered() {
    return delivered;
  }

  @Override
  public void close() {
    if (decoder != null) {
      decoder.close();
      ended = true;
    }
  }
}
