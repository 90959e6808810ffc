package io.affectanalyzer.runtime.output;

import java.io.IOException;

/**
 * Writes frame results to one destination. Called from the emit thread only; each frame is flushed
 * as it is written so the file stays valid if the run dies.
 */
public interface ResultWriter extends AutoCloseable {
  void write(FrameResult frame) throws IOException;

  @Override
  void close() throws IOException;
}
