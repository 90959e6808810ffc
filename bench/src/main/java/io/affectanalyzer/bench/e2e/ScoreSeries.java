package io.affectanalyzer.bench.e2e;

import io.affectanalyzer.runtime.model.AffectScores;
import io.affectanalyzer.runtime.model.ModelContract;
import io.affectanalyzer.runtime.output.FaceResult;
import io.affectanalyzer.runtime.output.FrameResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The scores of the first analysed face of each frame of one run, to say how much a pipeline
 * setting changes what users get: agreement with another run of the same input, and how much the
 * output jitters from frame to frame. Filled by the emit thread, read after the run.
 */
final class ScoreSeries {
  private final Map<Long, AffectScores> byFrame = new ConcurrentHashMap<>();

  /** How far two runs' scores are apart, over the frames analysed in both. */
  record Comparison(
      long frames, double sameLabel, double exprDiff, double auDiff, double valenceDiff) {}

  /**
   * A change of the expression label that lasted: {@code label} from frame {@code from} to {@code
   * to}.
   */
  record Onset(long from, long to, int label) {}

  void add(FrameResult r) {
    for (FaceResult f : r.faces()) {
      if (f.analysed() && f.scores() != null) {
        byFrame.put(r.frame(), f.scores());
        return;
      }
    }
  }

  /** The scores of frame {@code frame}. */
  void put(long frame, AffectScores scores) {
    byFrame.put(frame, scores);
  }

  /** Whether both hold the same frames with the same expression probabilities. */
  boolean sameExpressions(ScoreSeries other) {
    if (byFrame.size() != other.byFrame.size()) {
      return false;
    }
    for (Map.Entry<Long, AffectScores> e : byFrame.entrySet()) {
      AffectScores b = other.byFrame.get(e.getKey());
      if (b == null || !Arrays.equals(e.getValue().expr(), b.expr())) {
        return false;
      }
    }
    return true;
  }

  int size() {
    return byFrame.size();
  }

  /**
   * Share of frames with the same expression label, mean total-variation distance of the expression
   * probabilities, mean absolute AU probability difference and mean absolute valence difference.
   */
  Comparison against(ScoreSeries other) {
    long n = 0;
    double same = 0;
    double expr = 0;
    double au = 0;
    double valence = 0;
    for (Map.Entry<Long, AffectScores> e : byFrame.entrySet()) {
      AffectScores b = other.byFrame.get(e.getKey());
      if (b == null) {
        continue;
      }
      AffectScores a = e.getValue();
      n++;
      same +=
          ModelContract.expressionIndex(a.expr()) == ModelContract.expressionIndex(b.expr())
              ? 1
              : 0;
      expr += totalVariation(a.expr(), b.expr());
      au += meanAbsDiff(a.au(), b.au());
      valence += Math.abs(a.va()[0] - b.va()[0]);
    }
    return n == 0
        ? new Comparison(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN)
        : new Comparison(n, same / n, expr / n, au / n, valence / n);
  }

  /** Mean total-variation distance between the expression probabilities of consecutive frames. */
  double exprStep() {
    double sum = 0;
    long n = 0;
    AffectScores prev = null;
    long prevFrame = -2;
    for (Map.Entry<Long, AffectScores> e : new TreeMap<>(byFrame).entrySet()) {
      if (prev != null && e.getKey() == prevFrame + 1) {
        sum += totalVariation(prev.expr(), e.getValue().expr());
        n++;
      }
      prev = e.getValue();
      prevFrame = e.getKey();
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  /** How often the expression label changes between consecutive frames, per 100 frames. */
  double labelChangesPer100() {
    long changes = 0;
    long pairs = 0;
    int prev = -1;
    long prevFrame = -2;
    for (Map.Entry<Long, AffectScores> e : new TreeMap<>(byFrame).entrySet()) {
      int label = ModelContract.expressionIndex(e.getValue().expr());
      if (prev >= 0 && e.getKey() == prevFrame + 1) {
        pairs++;
        changes += label != prev ? 1 : 0;
      }
      prev = label;
      prevFrame = e.getKey();
    }
    return pairs == 0 ? Double.NaN : 100.0 * changes / pairs;
  }

  /**
   * Every change of the label to one that then holds for at least {@code minFrames} consecutive
   * frames (the first frame's label is no change).
   */
  List<Onset> sustainedOnsets(int minFrames) {
    List<Onset> out = new ArrayList<>();
    long start = 0;
    long last = -2;
    int label = -1;
    boolean change = false; // the current run follows another label, with no gap between
    for (Map.Entry<Long, AffectScores> e : new TreeMap<>(byFrame).entrySet()) {
      int l = ModelContract.expressionIndex(e.getValue().expr());
      boolean contiguous = e.getKey() == last + 1;
      if (!contiguous || l != label) {
        if (change && last - start + 1 >= minFrames) {
          out.add(new Onset(start, last, label));
        }
        change = contiguous;
        start = e.getKey();
        label = l;
      }
      last = e.getKey();
    }
    if (change && last - start + 1 >= minFrames) {
      out.add(new Onset(start, last, label));
    }
    return out;
  }

  /**
   * How many frames after {@code onset.from()} this series' label becomes {@code onset.label()} for
   * good, that is, holds from then through {@code onset.to()}; -1 when it does not by then.
   */
  long settleLag(Onset onset) {
    long settled = -1;
    for (long f = onset.to(); f >= onset.from(); f--) {
      AffectScores s = byFrame.get(f);
      if (s == null || ModelContract.expressionIndex(s.expr()) != onset.label()) {
        break;
      }
      settled = f;
    }
    return settled < 0 ? -1 : settled - onset.from();
  }

  static double totalVariation(float[] p, float[] q) {
    double d = 0;
    for (int i = 0; i < p.length; i++) {
      d += Math.abs(p[i] - q[i]);
    }
    return d / 2;
  }

  private static double meanAbsDiff(float[] a, float[] b) {
    double d = 0;
    for (int i = 0; i < a.length; i++) {
      d += Math.abs(a[i] - b[i]);
    }
    return a.length == 0 ? 0 : d / a.length;
  }
}
