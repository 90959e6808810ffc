package io.affectanalyzer.runtime.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an open session's inputs, outputs and metadata against {@link ModelContract} and turns them
 * into a {@link ModelSpec}, or says in one line what breaks the contract.
 */
public final class ContractCheck {
  private static final Map<String, Integer> OUTPUT_WIDTHS =
      Map.of(
          ModelContract.AU, ModelContract.AU_NAMES.size(),
          ModelContract.EXPR, ModelContract.EXPRESSION_NAMES.size(),
          ModelContract.VA, ModelContract.VA_NAMES.size());

  private ContractCheck() {}

  public static ModelSpec check(OrtSession session, String label) throws ModelException {
    try {
      return check(
          session.getInputInfo(),
          session.getOutputInfo(),
          session.getMetadata().getCustomMetadata(),
          label);
    } catch (OrtException e) {
      throw new ModelException(label + ": cannot read the model's description: " + e.getMessage());
    }
  }

  static ModelSpec check(
      Map<String, NodeInfo> inputs,
      Map<String, NodeInfo> outputs,
      Map<String, String> meta,
      String label)
      throws ModelException {
    String version = meta.get(ModelContract.META_CONTRACT);
    if (version == null) {
      throw fail(label, "not an affect model (no '" + ModelContract.META_CONTRACT + "' metadata)");
    }
    if (!ModelContract.CONTRACT_VERSION.equals(version)) {
      throw fail(label, "contract version " + version + ", this runtime reads version 1");
    }
    int size = intMeta(meta, ModelContract.META_INPUT_SIZE, label);
    if (inputs.size() != 1 || !inputs.containsKey(ModelContract.INPUT)) {
      throw fail(label, "expects one input named 'faces', has " + inputs.keySet());
    }
    long[] in = tensorShape(inputs.get(ModelContract.INPUT), label);
    if (in.length != 4 || in[1] != 3 || in[2] != size || in[3] != size) {
      throw fail(
          label,
          "input 'faces' must be [N,3,"
              + size
              + ","
              + size
              + "] (input_size "
              + size
              + "), is "
              + Arrays.toString(in));
    }
    Set<String> heads = new LinkedHashSet<>();
    for (Map.Entry<String, NodeInfo> out : outputs.entrySet()) {
      Integer width = OUTPUT_WIDTHS.get(out.getKey());
      if (width == null) {
        continue; // extra outputs (features, logits) are allowed and ignored
      }
      long[] shape = tensorShape(out.getValue(), label);
      if (shape.length != 2 || shape[1] != width) {
        throw fail(
            label,
            "output '"
                + out.getKey()
                + "' must be [N,"
                + width
                + "], is "
                + Arrays.toString(shape));
      }
      heads.add(out.getKey());
    }
    if (heads.isEmpty()) {
      throw fail(label, "has none of the outputs au, expr, va (has " + outputs.keySet() + ")");
    }
    String color = meta.getOrDefault(ModelContract.META_COLOR_ORDER, "");
    if (!color.equals("RGB") && !color.equals("BGR")) {
      throw fail(label, ModelContract.META_COLOR_ORDER + " must be RGB or BGR, is '" + color + "'");
    }
    float[] mean = floats(meta, ModelContract.META_MEAN, 3, label);
    float[] std = floats(meta, ModelContract.META_STD, 3, label);
    for (float s : std) {
      if (!(s > 0)) {
        throw fail(label, ModelContract.META_STD + " must be positive");
      }
    }
    labels(
        meta,
        ModelContract.META_AU_LABELS,
        heads.contains(ModelContract.AU),
        ModelContract.AU_NAMES,
        label);
    labels(
        meta,
        ModelContract.META_EXPR_LABELS,
        heads.contains(ModelContract.EXPR),
        ModelContract.EXPRESSION_NAMES,
        label);
    float[] thresholds = new float[ModelContract.AU_NAMES.size()];
    Arrays.fill(thresholds, 0.5f);
    if (meta.containsKey(ModelContract.META_AU_THRESHOLDS)) {
      thresholds = floats(meta, ModelContract.META_AU_THRESHOLDS, thresholds.length, label);
    }
    String vaSupervision = null;
    if (heads.contains(ModelContract.VA)) {
      vaSupervision = meta.getOrDefault(ModelContract.META_VA_SUPERVISION, "unspecified");
    }
    return new ModelSpec(
        size,
        color.equals("RGB"),
        mean,
        std,
        canonicalOrder(heads),
        thresholds,
        vaSupervision,
        Map.copyOf(meta));
  }

  private static long[] tensorShape(NodeInfo node, String label) throws ModelException {
    if (!(node.getInfo() instanceof TensorInfo info) || info.type != OnnxJavaType.FLOAT) {
      throw fail(label, "'" + node.getName() + "' must be a float tensor, is " + node.getInfo());
    }
    return info.getShape();
  }

  private static int intMeta(Map<String, String> meta, String key, String label)
      throws ModelException {
    String value = meta.get(key);
    try {
      int v = Integer.parseInt(value == null ? "" : value.trim());
      if (v > 0) {
        return v;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw fail(label, key + " must be a positive integer, is '" + value + "'");
  }

  private static float[] floats(Map<String, String> meta, String key, int n, String label)
      throws ModelException {
    String value = meta.get(key);
    String[] parts = value == null ? new String[0] : value.split(",");
    if (parts.length != n) {
      throw fail(label, key + " must be " + n + " comma-separated numbers, is '" + value + "'");
    }
    float[] out = new float[n];
    try {
      for (int i = 0; i < n; i++) {
        out[i] = Float.parseFloat(parts[i].trim());
      }
    } catch (NumberFormatException e) {
      throw fail(label, key + " must be " + n + " comma-separated numbers, is '" + value + "'");
    }
    return out;
  }

  private static void labels(
      Map<String, String> meta, String key, boolean present, List<String> expected, String label)
      throws ModelException {
    if (!present) {
      return;
    }
    String value = meta.get(key);
    if (value != null && !List.of(value.split(",")).equals(expected)) {
      throw fail(label, key + " must be " + String.join(",", expected) + ", is '" + value + "'");
    }
  }

  private static ModelException fail(String label, String what) {
    return new ModelException(label + ": " + what);
  }

  /** The heads in the contract's order (au, expr, va), so messages read the same on every run. */
  private static Set<String> canonicalOrder(Set<String> heads) {
    Set<String> ordered = new LinkedHashSet<>();
    for (String h : List.of(ModelContract.AU, ModelContract.EXPR, ModelContract.VA)) {
      if (heads.contains(h)) {
        ordered.add(h);
      }
    }
    return Collections.unmodifiableSet(ordered);
  }
}
