package io.affectanalyzer.runtime.output;

import io.affectanalyzer.runtime.frame.Image;
import java.io.IOException;

/**
 * A writer that needs each frame's picture as well as its results (an annotated copy of the input).
 * The emit stage calls {@link #write(FrameResult, Image)} in place of {@link #write(FrameResult)}.
 */
public interface FrameImageWriter extends ResultWriter {
  /**
   * Writes one frame.
   *
   * @param pixels the frame's picture, valid only during this call (it lives in a ring slot that
   *     the next frame reuses): copy what is kept. Null for a live frame dropped under load.
   */
  void write(FrameResult frame, Image pixels) throws IOException;

  /** A frame without its picture, as a dropped one. */
  @Override
  default void write(FrameResult frame) throws IOException {
    write(frame, null);
  }
}
