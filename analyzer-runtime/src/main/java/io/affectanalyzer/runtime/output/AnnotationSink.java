package io.affectanalyzer.runtime.output;

import io.affectanalyzer.runtime.frame.Image;
import java.io.IOException;

/** One input's annotated copy (a video file, or image files), written from one thread only. */
interface AnnotationSink extends AutoCloseable {
  /**
   * One frame, in the input's order.
   *
   * @param picture the frame with its results drawn on; null for a live frame dropped under load
   */
  void write(FrameResult frame, Image picture) throws IOException;

  /** What was written so far, for a line on stderr: "72 frames into clip-annotated.mp4". */
  String summary();

  /** Finishes the copy (a video's last frames and index). */
  @Override
  void close() throws IOException;
}
