package io.affectanalyzer.train.eval;

/** Turns probability rows into class predictions. */
public final class Predictions {
  private Predictions() {}

  /**
   * Index of the largest probability among {@code allowed} classes (a data set without "other"
   * should not be scored on a class it cannot contain); ties go to the first allowed class.
   */
  public static int argmax(float[] probs, int[] allowed) {
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
