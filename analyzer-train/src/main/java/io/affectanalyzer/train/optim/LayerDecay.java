package io.affectanalyzer.train.optim;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Layer-wise learning-rate decay by parameter name, as BEiT/MAE fine-tuning does it: patch
 * embedding, CLS token and position embedding are layer 0, transformer block {@code i} is layer
 * {@code i + 1}, everything else (heads, final norm) is layer {@code depth + 1} with scale 1. A
 * parameter of layer {@code l} learns at {@code decay^(depth + 1 - l)} times the base rate.
 *
 * <p>Names are DJL's ({@code 02blocks_03ViTBlock_01attn_01qkv_weight}, where a SequentialBlock
 * numbers its children from 01) or dotted ({@code blocks.2.attn.qkv.weight}, numbered from 0).
 */
public final class LayerDecay {
  // "blocks_03..." (DJL SequentialBlock child, 1-based) or "blocks.2" / "blocks_2_" (0-based).
  private static final Pattern SEQUENTIAL_CHILD = Pattern.compile("blocks_(\\d{2})[A-Za-z]");
  private static final Pattern DOTTED = Pattern.compile("blocks[._](\\d+)(?:[._]|$)");
  private static final Pattern EMBEDDING =
      Pattern.compile("(^|[_.]|\\d)(patch_?embed|cls(_?token)?|pos(_?embed)?)([_.]|$)");

  private static final Pattern TOKEN =
      Pattern.compile("(^|[_.]|\\d)(cls(_?token)?|pos(_?embed)?|mask_?token)([_.]|$)");

  private final int depth;
  private final double decay;

  public LayerDecay(int depth, double decay) {
    if (depth < 0 || decay <= 0 || decay > 1) {
      throw new IllegalArgumentException("need depth >= 0 and decay in (0, 1]");
    }
    this.depth = depth;
    this.decay = decay;
  }

  /** The layer id of a parameter: 0 for embeddings, block index + 1, or depth + 1. */
  public int layerOf(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    Matcher m = SEQUENTIAL_CHILD.matcher(n);
    if (m.find()) {
      return Integer.parseInt(m.group(1));
    }
    m = DOTTED.matcher(n);
    if (m.find()) {
      return Integer.parseInt(m.group(1)) + 1;
    }
    if (EMBEDDING.matcher(n).find()) {
      return 0;
    }
    return depth + 1;
  }

  /** The factor on the base learning rate for this parameter. */
  public double scaleOf(String name) {
    int layer = Math.min(layerOf(name), depth + 1);
    return Math.pow(decay, depth + 1 - layer);
  }

  /**
   * Whether weight decay applies: not to biases, norm gains/shifts, CLS/mask tokens and position
   * embeddings, nor to any 1-D parameter (the MAE rule).
   */
  public static boolean decays(String name, int dimensions) {
    String n = name.toLowerCase(Locale.ROOT);
    boolean exempt =
        dimensions <= 1
            || n.endsWith("bias")
            || n.endsWith("beta")
            || n.endsWith("gamma")
            || n.contains("norm")
            || TOKEN.matcher(n).find();
    return !exempt;
  }
}
