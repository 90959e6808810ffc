package io.affectanalyzer.runtime.track;

/**
 * A causal low-pass over one head's score vector (AU probabilities, expression probabilities or
 * valence/arousal) of one track. One instance per track and head, used by one thread.
 */
interface ScoreFilter {
  /**
   * The filtered vector after {@code x}, seen at {@code seconds} (presentation time); a new array.
   */
  float[] next(float[] x, double seconds);

  /** The filter state (kept in doubles, so rounding does not build up) as a new float array. */
  static float[] floats(double[] v) {
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) v[i];
    }
    return out;
  }
}
