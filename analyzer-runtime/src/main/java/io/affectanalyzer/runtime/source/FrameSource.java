package io.affectanalyzer.runtime.source;

import org.bytedeco.javacv.Frame;

/**
 * Where frames come from: a video file, an image file or folder, a webcam, or a network stream. One
 * thread reads a source. Closing releases the decoder.
 */
public interface FrameSource extends AutoCloseable {
  /** The stream's name in output records: the input as the user gave it. */
  String name();

  /**
   * True for webcams and network streams: the decoder must never wait on the pipeline (frames are
   * dropped and counted instead). False for files: every frame is analysed.
   */
  boolean live();

  /**
   * True when consecutive frames are moments of one scene (a video, a camera, a stream), so a face
   * in one is near where it was in the last; false when they are unrelated pictures (an image
   * folder). The detect stage follows faces between frames only when this is true.
   */
  default boolean continuous() {
    return true;
  }

  /** Frames expected in total, for a progress bar; -1 when unknown (live sources). */
  long frameCountHint();

  /**
   * Frames per second the source says it has once started (a video's average rate), for writing a
   * copy of it at its own pace; 0 when it does not say (images, some streams).
   */
  default double frameRate() {
    return 0;
  }

  /** Opens the source; a missing, unreadable or unreachable input fails here with one line. */
  void start() throws SourceException;

  /**
   * The next picture, or null at the end of the source. The frame is the decoder's reused frame,
   * 8-bit BGR interleaved: valid only until the next call, so copy its pixels out. A live stream
   * that drops reconnects inside this call (with backoff) and returns null once it gives up. Damage
   * after the first frame (a truncated file) ends the source with null; the damage is reported
   * through {@link #endReason()}.
   */
  Frame grab() throws SourceException;

  /** Presentation time of the last grabbed frame in milliseconds from the stream's start. */
  long timestampMillis();

  /**
   * What the last grabbed frame is within its source when that is more than an index: the image's
   * file name for an image folder; null otherwise.
   */
  default String frameLabel() {
    return null;
  }

  /** Why the source ended early (damage, stream gone), or null when it ended normally. */
  String endReason();

  @Override
  void close();
}
