package io.affectanalyzer.train.eval;

import io.affectanalyzer.runtime.model.ModelContract;
import io.affectanalyzer.train.data.Sample;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores of one model on one set: a JSON-ready tree (what {@code eval --out} writes) and the
 * expression confusion matrix (what the PNG shows). Scores are fractions (0..1), not percent.
 */
public record EvalReport(Map<String, Object> json, ConfusionMatrix confusion) {

  public static EvalReport score(
      String model, EvalData data, ModelOutputs out, float[] auThresholds) {
    List<Sample> samples = data.samples();
    int n = samples.size();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("model", model);
    json.put("data", data.name());
    json.put("samples", n);
    ConfusionMatrix cm = null;
    Double exprF1 = null;
    if (out.expr() != null) {
      int[] gold = new int[n];
      for (int i = 0; i < n; i++) {
        gold[i] = samples.get(i).labels().expr();
      }
      cm = ConfusionMatrix.of(gold, Predictions.argmax(out.expr(), data.classes()), 8);
      Map<String, Object> expr = new LinkedHashMap<>();
      expr.put("labelled", cm.total());
      expr.put("no_face", cm.unpredictedTotal());
      expr.put("accuracy", cm.accuracy());
      exprF1 = cm.macroF1();
      expr.put("macro_f1_8", exprF1);
      expr.put("macro_f1_present", cm.macroF1(data.classes()));
      expr.put("p_lsd", AbawScores.pLsd(cm));
      Map<String, Double> perClass = new LinkedHashMap<>();
      for (int c = 0; c < 8; c++) {
        perClass.put(ModelContract.EXPRESSION_NAMES.get(c), cm.f1(c));
      }
      expr.put("f1", perClass);
      expr.put("confusion", cm.counts());
      json.put("expr", expr);
    }
    Double auF1 = null;
    if (out.au() != null && hasAny(samples, true)) {
      float[][] gold = new float[n][];
      for (int i = 0; i < n; i++) {
        gold[i] = samples.get(i).labels().au();
      }
      double[] f1 = AuF1.perAu(out.au(), gold, auThresholds);
      auF1 = AuF1.mean(f1);
      Map<String, Object> au = new LinkedHashMap<>();
      au.put("mean_f1", auF1);
      Map<String, Double> perAu = new LinkedHashMap<>();
      for (int a = 0; a < f1.length; a++) {
        perAu.put(ModelContract.AU_NAMES.get(a), f1[a]);
      }
      au.put("f1", perAu);
      json.put("au", au);
    }
    Double[] ccc = null;
    if (out.va() != null && hasAny(samples, false)) {
      ccc = new Double[2];
      Map<String, Object> va = new LinkedHashMap<>();
      for (int k = 0; k < 2; k++) {
        float[] pred = new float[n];
        float[] gold = new float[n];
        for (int i = 0; i < n; i++) {
          pred[i] = out.va()[i][k];
          gold[i] = samples.get(i).labels().va()[k];
        }
        ccc[k] = Ccc.of(pred, gold);
        va.put("ccc_" + ModelContract.VA_NAMES.get(k), ccc[k]);
      }
      json.put("va", va);
    }
    if (exprF1 != null && auF1 != null && ccc != null) {
      json.put("p_mtl", AbawScores.pMtl(ccc[0], ccc[1], exprF1, auF1));
    }
    return new EvalReport(json, cm);
  }

  /** Whether any sample has an AU label (au) or a valence/arousal label (!au). */
  private static boolean hasAny(List<Sample> samples, boolean au) {
    for (Sample s : samples) {
      float[] v = au ? s.labels().au() : s.labels().va();
      for (float x : v) {
        if (au ? x >= 0 : x != Ccc.NO_LABEL) {
          return true;
        }
      }
    }
    return false;
  }
}
