package io.affectanalyzer.train.eval;

/** Turns probability rows into class predictions. */
public final class Predictions {
  /** The prediction for a face that was not found. */
  public static final int NONE = -1;

  private Predictions() {}

  /**
   * Index of the largest probability among {@code allowed} classes (a data set without "other"
   * should not be scored on a class it cannot contain); ties go to the first allowed class. -1 for
   * a row of NaN: no face was found, so nothing was predicted.
   */
  public static int argmax(float[] probs, int[] allowed) {
    if (Float.isNaN(probs[allowed[0]])) {
      return NONE;
    }
    int best = allowed[0];
    for (int c : allowed) {
      if (probs[c] > probs[best]) {
        best = c;
      }
    }
    return best;
  }

  public static int[] argmax(float[][] probs, int[] allowed) {
    int[] out = new int[probs.length];
    for (int i = 0; i < probs.length; i++) {
      out[i] = argmax(probs[i], allowed);
    }
    return out;
  }

  public static int[] all(int classes) {
    int[] all = new int[classes];
    for (int c = 0; c < classes; c++) {
      all[c] = c;
    }
    return all;
  }
}
