package io.affectanalyzer.train.export;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.affectanalyzer.runtime.model.ModelContract;
import io.affectanalyzer.train.eval.OnnxRunner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Checks an exported model against {@link ModelContract} the way a loader would: input, outputs,
 * metadata keys and label lists, then one run on a zero batch of two (outputs in range, expression
 * rows summing to 1). The runtime's own loader, once it exists, is the authority; this is the
 * export side's self-check.
 */
public final class ContractCheck {
  private ContractCheck() {}

  /** The list of broken rules; empty when the model keeps the contract. */
  public static List<String> problems(OnnxRunner model) {
    List<String> problems = new ArrayList<>();
    OrtSession session = model.session();
    Map<String, String> meta = model.metadata();
    for (String key :
        List.of(
            ModelContract.META_CONTRACT,
            ModelContract.META_INPUT_SIZE,
            ModelContract.META_COLOR_ORDER,
            ModelContract.META_MEAN,
            ModelContract.META_STD,
            ModelContract.META_HEADS)) {
      if (!meta.containsKey(key)) {
        problems.add("metadata lacks " + key);
      }
    }
    if (!problems.isEmpty()) {
      return problems;
    }
    if (!ModelContract.CONTRACT_VERSION.equals(meta.get(ModelContract.META_CONTRACT))) {
      problems.add("contract version " + meta.get(ModelContract.META_CONTRACT));
    }
    int size = Integer.parseInt(meta.get(ModelContract.META_INPUT_SIZE));
    if (!List.of("RGB", "BGR").contains(meta.get(ModelContract.META_COLOR_ORDER))) {
      problems.add("colour order " + meta.get(ModelContract.META_COLOR_ORDER));
    }
    for (String key : List.of(ModelContract.META_MEAN, ModelContract.META_STD)) {
      if (meta.get(key).split(",").length != 3) {
        problems.add(key + " needs 3 values: " + meta.get(key));
      }
    }
    List<String> heads = Arrays.asList(meta.get(ModelContract.META_HEADS).split(","));
    try {
      Map<String, NodeInfo> inputs = session.getInputInfo();
      NodeInfo in = inputs.get(ModelContract.INPUT);
      if (inputs.size() != 1 || in == null) {
        problems.add("inputs " + inputs.keySet() + ", want exactly " + ModelContract.INPUT);
      } else {
        long[] s = ((TensorInfo) in.getInfo()).getShape();
        if (s.length != 4 || s[0] != -1 || s[1] != 3 || s[2] != size || s[3] != size) {
          problems.add(
              "input shape " + Arrays.toString(s) + ", want [N, 3, " + size + ", " + size + "]");
        }
      }
      Map<String, NodeInfo> outputs = session.getOutputInfo();
      if (!outputs.keySet().equals(new java.util.HashSet<>(heads))) {
        problems.add("outputs " + outputs.keySet() + " differ from heads " + heads);
      }
      checkOutput(outputs, ModelContract.AU, 12, problems);
      checkOutput(outputs, ModelContract.EXPR, 8, problems);
      checkOutput(outputs, ModelContract.VA, 2, problems);
    } catch (OrtException e) {
      problems.add("cannot introspect: " + e.getMessage());
      return problems;
    }
    label(
        meta,
        heads,
        ModelContract.AU,
        ModelContract.META_AU_LABELS,
        ModelContract.AU_NAMES,
        problems);
    label(
        meta,
        heads,
        ModelContract.EXPR,
        ModelContract.META_EXPR_LABELS,
        ModelContract.EXPRESSION_NAMES,
        problems);
    if (heads.contains(ModelContract.VA)
        && !List.of("rated", "category-prior")
            .contains(meta.get(ModelContract.META_VA_SUPERVISION))) {
      problems.add("va_supervision " + meta.get(ModelContract.META_VA_SUPERVISION));
    }
    if (problems.isEmpty()) {
      Map<String, float[][]> out =
          model.run(ModelContract.INPUT, new float[2 * 3 * size * size], 2, 3, size, size);
      rows(out, ModelContract.AU, 0, 1, false, problems);
      rows(out, ModelContract.EXPR, 0, 1, true, problems);
      rows(out, ModelContract.VA, -1, 1, false, problems);
    }
    return problems;
  }

  private static void checkOutput(
      Map<String, NodeInfo> outputs, String name, long width, List<String> problems) {
    NodeInfo info = outputs.get(name);
    if (info == null) {
      return;
    }
    long[] s = ((TensorInfo) info.getInfo()).getShape();
    if (s.length != 2 || s[0] != -1 || s[1] != width) {
      problems.add("output " + name + " shape " + Arrays.toString(s) + ", want [N, " + width + "]");
    }
  }

  private static void label(
      Map<String, String> meta,
      List<String> heads,
      String head,
      String key,
      List<String> names,
      List<String> problems) {
    if (heads.contains(head) && !String.join(",", names).equals(meta.get(key))) {
      problems.add(key + " is " + meta.get(key) + ", want " + String.join(",", names));
    }
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
