package io.affectanalyzer.train.nn;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Dotted, stable parameter names of a block tree, e.g. {@code blocks.3.attn.qkv.weight}: the child
 * names as registered, without DJL's two-digit order prefix, then the parameter's own name ({@code
 * weight, bias} for Linear/Conv, {@code gamma, beta} for norms, {@code runningMean, runningVar} for
 * BatchNorm). Exporters and weight transfer read parameters through these names.
 */
public final class ParameterNames {
  private ParameterNames() {}

  /** All parameters of {@code block}, in DJL's save order, keyed by dotted name. */
  public static Map<String, Parameter> of(Block block) {
    Map<String, Parameter> out = new LinkedHashMap<>();
    collect(block, "", out);
    return out;
  }

  private static void collect(Block block, String prefix, Map<String, Parameter> out) {
    for (Pair<String, Parameter> p : block.getDirectParameters()) {
      out.put(prefix + p.getKey(), p.getValue());
    }
    for (Pair<String, Block> child : block.getChildren()) {
      collect(child.getValue(), prefix + childName(child.getKey()) + ".", out);
    }
  }

  /** DJL stores children as {@code "%02d" + name}; names here always start with a letter. */
  static String childName(String djlKey) {
    return djlKey.replaceFirst("^\\d+", "");
  }
}
