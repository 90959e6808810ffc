package io.affectanalyzer.train.eval;

import java.util.Arrays;

/**
 * Per-AU decision thresholds that maximise each AU's F1 on a tuning set, the principled choice over
 * a fixed 0.5 when AUs are as unevenly common as CK+'s (AU10 and AU26 are rare, AU25 is in most
 * faces). Candidates 0.05 to 0.95 in steps of 0.05; ties go to the one nearest 0.5, and an AU with
 * no positive label keeps 0.5.
 */
public final class AuThresholds {
  private AuThresholds() {}

  /**
   * @param prob {@code [n][aus]} probabilities on the tuning set
   * @param gold {@code [n][aus]} labels: 1 present, 0 absent, -1 no label
   */
  public static float[] tune(float[][] prob, float[][] gold) {
    int aus = gold.length == 0 ? 0 : gold[0].length;
    float[] best = AuF1.halves(aus);
    double[] bestF1 = AuF1.perAu(prob, gold, best);
    for (int step = 1; step <= 19; step++) {
      float t = step * 5 / 100f;
      float[] all = new float[aus];
      Arrays.fill(all, t);
      double[] f1 = AuF1.perAu(prob, gold, all);
      for (int a = 0; a < aus; a++) {
        boolean better = f1[a] > bestF1[a] + 1e-12;
        boolean tieNearer =
            Math.abs(f1[a] - bestF1[a]) <= 1e-12 && Math.abs(t - 0.5f) < Math.abs(best[a] - 0.5f);
        if (better || tieNearer) {
          best[a] = t;
          bestF1[a] = f1[a];
        }
      }
    }
    return best;
  }
}
