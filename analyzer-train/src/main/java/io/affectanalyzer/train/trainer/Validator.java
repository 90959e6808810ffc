package io.affectanalyzer.train.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import io.affectanalyzer.train.data.AffectLabels;
import io.affectanalyzer.train.eval.AbawScores;
import io.affectanalyzer.train.eval.AuF1;
import io.affectanalyzer.train.eval.Ccc;
import io.affectanalyzer.train.eval.ConfusionMatrix;
import io.affectanalyzer.train.eval.Predictions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Collects validation predictions batch by batch and scores them with the ABAW metrics of the
 * {@code eval} package: expression accuracy and macro-F1 (over the classes the validation set
 * contains), AU mean F1 at 0.5, CCC of valence and arousal, and P_MTL / P_LSD where they apply.
 */
public final class Validator {
  private final List<float[]> exprProbs = new ArrayList<>();
  private final List<Integer> exprGold = new ArrayList<>();
  private final List<float[]> auProbs = new ArrayList<>();
  private final List<float[]> auGold = new ArrayList<>();
  private final List<float[]> va = new ArrayList<>();
  private final List<float[]> vaGold = new ArrayList<>();

  private final Map<String, double[]> losses = new LinkedHashMap<>();

  /** Adds one batch's value of a validation loss; {@link #scores} reports the mean as val_NAME. */
  public void addLoss(String name, double value) {
    double[] sumCount = losses.computeIfAbsent(name, k -> new double[2]);
    sumCount[0] += value;
    sumCount[1]++;
  }

  /** Adds one batch: its heads and its labels {@code NDList(expr, au, va)}. */
  public void add(Heads heads, NDList labels) {
    long[] expr = labels.get(0).toLongArray();
    int n = expr.length;
    if (heads.exprProbs() != null) {
      float[][] p = rows(heads.exprProbs(), n);
      for (int i = 0; i < n; i++) {
        exprProbs.add(p[i]);
        exprGold.add((int) expr[i]);
      }
    }
    if (heads.auProbs() != null) {
      float[][] p = rows(heads.auProbs(), n);
      float[][] g = rows(labels.get(1), n);
      for (int i = 0; i < n; i++) {
        auProbs.add(p[i]);
        auGold.add(g[i]);
      }
    }
    if (heads.va() != null) {
      float[][] p = rows(heads.va(), n);
      float[][] g = rows(labels.get(2), n);
      for (int i = 0; i < n; i++) {
        va.add(p[i]);
        vaGold.add(g[i]);
      }
    }
  }

  /** The scores by name, e.g. {@code expr_f1, au_f1, ccc_v, p_mtl}; NaN where nothing counted. */
  public Map<String, Double> scores() {
    Map<String, Double> out = new LinkedHashMap<>();
    losses.forEach((name, sc) -> out.put("val_" + name, sc[0] / sc[1]));
    double exprF1 = Double.NaN;
    double auF1 = Double.NaN;
    double cccV = Double.NaN;
    double cccA = Double.NaN;
    boolean labelledExpr = exprGold.stream().anyMatch(g -> g != AffectLabels.NO_EXPR);
    if (labelledExpr) {
      int[] present =
          new TreeSet<>(exprGold.stream().filter(g -> g >= 0).toList())
              .stream().mapToInt(Integer::intValue).toArray();
      // Predict over all classes; average F1 over the classes the validation set contains.
      int[] pred =
          Predictions.argmax(
              exprProbs.toArray(float[][]::new), Predictions.all(AffectLabels.EXPR_COUNT));
      int[] gold = exprGold.stream().mapToInt(Integer::intValue).toArray();
      ConfusionMatrix cm = ConfusionMatrix.of(gold, pred, AffectLabels.EXPR_COUNT);
      exprF1 = cm.macroF1(present);
      out.put("expr_acc", cm.accuracy());
      out.put("expr_f1", exprF1);
      out.put("p_lsd", AbawScores.pLsd(cm));
    }
    if (!auProbs.isEmpty() && auGold.stream().anyMatch(Validator::anyLabelled)) {
      auF1 =
          AuF1.mean(
              AuF1.perAu(
                  auProbs.toArray(float[][]::new),
                  auGold.toArray(float[][]::new),
                  AuF1.halves(AffectLabels.AU_COUNT)));
      out.put("au_f1", auF1);
    }
    if (!va.isEmpty()) {
      cccV = Ccc.of(column(va, 0), column(vaGold, 0));
      cccA = Ccc.of(column(va, 1), column(vaGold, 1));
      out.put("ccc_v", cccV);
      out.put("ccc_a", cccA);
    }
    if (!Double.isNaN(exprF1)
        && !Double.isNaN(auF1)
        && !Double.isNaN(cccV)
        && !Double.isNaN(cccA)) {
      out.put("p_mtl", AbawScores.pMtl(cccV, cccA, exprF1, auF1));
    }
    return out;
  }

  private static boolean anyLabelled(float[] row) {
    for (float v : row) {
      if (v != AffectLabels.NO_AU) {
        return true;
      }
    }
    return false;
  }

  private static float[] column(List<float[]> rows, int k) {
    float[] c = new float[rows.size()];
    for (int i = 0; i < c.length; i++) {
      c[i] = rows.get(i)[k];
    }
    return c;
  }

  private static float[][] rows(NDArray a, int n) {
    float[] flat = a.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
    int w = flat.length / n;
    float[][] out = new float[n][w];
    for (int i = 0; i < n; i++) {
      System.arraycopy(flat, i * w, out[i], 0, w);
    }
    return out;
  }
}
