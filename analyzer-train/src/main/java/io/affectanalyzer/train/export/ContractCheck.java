package io.affectanalyzer.train.export;

import io.affectanalyzer.runtime.model.ModelContract;
import io.affectanalyzer.runtime.model.ModelException;
import io.affectanalyzer.runtime.model.ModelSpec;
import io.affectanalyzer.train.eval.OnnxRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The export side's self-check: the runtime's own loader check ({@link
 * io.affectanalyzer.runtime.model.ContractCheck}, the authority) plus what only the exporter can
 * promise: outputs exactly the declared heads, VA supervision named, and one run on a zero batch of
 * two with outputs in range (expression rows summing to 1).
 */
public final class ContractCheck {
  private ContractCheck() {}

  /** The list of broken rules; empty when the model keeps the contract. */
  public static List<String> problems(OnnxRunner model) {
    List<String> problems = new ArrayList<>();
    ModelSpec spec;
    try {
      spec = io.affectanalyzer.runtime.model.ContractCheck.check(model.session(), "exported model");
    } catch (ModelException e) {
      problems.add(e.getMessage());
      return problems;
    }
    Map<String, String> meta = model.metadata();
    Set<String> declared = Set.of(meta.getOrDefault(ModelContract.META_HEADS, "").split(","));
    if (!spec.heads().equals(declared)) {
      problems.add("outputs " + spec.heads() + " differ from heads " + declared);
    }
    if (spec.has(ModelContract.VA)
        && !List.of("rated", "category-prior").contains(spec.vaSupervision())) {
      problems.add("va_supervision " + spec.vaSupervision());
    }
    if (problems.isEmpty()) {
      int size = spec.inputSize();
      Map<String, float[][]> out =
          model.run(ModelContract.INPUT, new float[2 * 3 * size * size], 2, 3, size, size);
      rows(out, ModelContract.AU, 0, 1, false, problems);
      rows(out, ModelContract.EXPR, 0, 1, true, problems);
      rows(out, ModelContract.VA, -1, 1, false, problems);
    }
    return problems;
  }

  private static void rows(
      Map<String, float[][]> out,
      String name,
      float lo,
      float hi,
      boolean sumsToOne,
      List<String> problems) {
    float[][] rows = out.get(name);
    if (rows == null) {
      return;
    }
    for (float[] row : rows) {
      double sum = 0;
      for (float v : row) {
        if (!(v >= lo && v <= hi)) {
          problems.add(name + " value " + v + " outside [" + lo + ", " + hi + "]");
          return;
        }
        sum += v;
      }
      if (sumsToOne && Math.abs(sum - 1) > 1e-4) {
        problems.add(name + " row sums to " + sum);
        return;
      }
    }
  }
}
