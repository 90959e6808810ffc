package io.affectanalyzer.runtime.model;

import java.nio.FloatBuffer;
import java.util.List;

/** A loaded affect model. Owns its native session; {@link #infer} is called from one thread. */
public interface AffectModel extends AutoCloseable {
  /** What the model's metadata says: input size, normalisation, heads, labels. */
  ModelSpec spec();

  /**
   * Runs the model on {@code count} crops packed as {@code [count, 3, size, size]} floats at the
   * start of {@code faces} (a direct buffer, already normalised as {@link #spec()} says).
   */
  List<AffectScores> infer(FloatBuffer faces, int count);

  /** "CUDA" or "CPU": which execution provider runs the model. */
  String executionProvider();

  @Override
  void close();
}
