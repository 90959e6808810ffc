package io.affectanalyzer.runtime.model;

import java.util.List;

/**
 * The contract between an exported affect model and the runtime. The training side writes models to
 * it; the runtime refuses at load any model that breaks it.
 *
 * <ul>
 *   <li>input {@value #INPUT}: float {@code [N, 3, H, W]}, aligned face crops, colour order and
 *       normalisation as the metadata says;
 *   <li>output {@value #AU}: float {@code [N, 12]} probabilities, in {@link #AU_NAMES} order;
 *   <li>output {@value #EXPR}: float {@code [N, 8]} probabilities summing to 1, in {@link
 *       #EXPRESSION_NAMES} order;
 *   <li>output {@value #VA}: float {@code [N, 2]} valence, arousal in [-1, 1].
 * </ul>
 *
 * Any output may be absent (a CoTEX model has only {@value #EXPR}), at least one must be there.
 * Metadata (ONNX {@code metadata_props}) uses the {@code META_*} keys below.
 */
public final class ModelContract {
  public static final String INPUT = "faces";
  public static final String AU = "au";
  public static final String EXPR = "expr";
  public static final String VA = "va";

  public static final List<String> AU_NAMES =
      List.of(
          "AU1", "AU2", "AU4", "AU6", "AU7", "AU10", "AU12", "AU15", "AU23", "AU24", "AU25",
          "AU26");
  public static final List<String> EXPRESSION_NAMES =
      List.of("neutral", "anger", "disgust", "fear", "happiness", "sadness", "surprise", "other");
  public static final List<String> VA_NAMES = List.of("valence", "arousal");

  /** Contract version; "1" for this one. Required. */
  public static final String META_CONTRACT = "affect.contract";

  /** Square input side in pixels, e.g. "112". Required; must match the input's H and W. */
  public static final String META_INPUT_SIZE = "affect.input_size";

  /** "RGB" or "BGR": channel order of the input planes. Required. */
  public static final String META_COLOR_ORDER = "affect.color_order";

  /** Three comma-separated floats applied as {@code (pixel/255 - mean) / std}. Required. */
  public static final String META_MEAN = "affect.mean";

  public static final String META_STD = "affect.std";

  /** Comma-separated label names of each output; must equal the lists above. */
  public static final String META_AU_LABELS = "affect.au_labels";

  public static final String META_EXPR_LABELS = "affect.expr_labels";

  /** Comma-separated heads present and trained, e.g. "au,expr,va". Required. */
  public static final String META_HEADS = "affect.heads";

  /** Per-head supervision, e.g. "au=ckplus-facs;expr=fer2013;va=category-prior". */
  public static final String META_SUPERVISION = "affect.supervision";

  /** "rated" or "category-prior"; copied into every output record next to valence/arousal. */
  public static final String META_VA_SUPERVISION = "affect.va_supervision";

  /** Optional 12 comma-separated per-AU decision thresholds (default 0.5 each). */
  public static final String META_AU_THRESHOLDS = "affect.au_thresholds";

  /** "emma", "cotex", ... and the preset name, e.g. "vit-tiny-p8-64". */
  public static final String META_MODEL_KIND = "affect.model_kind";

  public static final String META_PRESET = "affect.preset";

  /**
   * Optional: sigma in input pixels of the Gaussian low-pass the graph applies to {@code faces}
   * first (informational; the filter is part of the graph, callers feed unfiltered crops).
   */
  public static final String META_INPUT_BLUR = "affect.input_blur_sigma";

  /**
   * Optional: "true" when the graph scores each face and its mirror image and averages the two
   * (informational; the mirroring is part of the graph).
   */
  public static final String META_FLIP_AVERAGE = "affect.flip_average";

  /**
   * Optional: 8 comma-separated offsets the graph adds to the expression logits before their
   * softmax, taking the training data's class shares out (informational; part of the graph).
   */
  public static final String META_EXPR_BIAS = "affect.expr_logit_bias";

  /**
   * Optional: "true" when the graph's {@code expr} is the mean of the model's softmax and a DAN's:
   * EMMA's own DAN branch, CoTEX's teacher (informational; part of the graph).
   */
  public static final String META_EXPR_WITH_DAN = "affect.expr_with_dan";

  /**
   * Optional: comma-separated further DANs (run and epoch) whose softmaxes the graph's {@code expr}
   * also averages in, each weighted as the model's own (informational; part of the graph).
   */
  public static final String META_EXPR_ENSEMBLE = "affect.expr_ensemble";

  /** Free-form provenance: training command, data, commit, date. */
  public static final String META_PROVENANCE = "affect.provenance";

  public static final String CONTRACT_VERSION = "1";

  private ModelContract() {}

  /** The expression label: the index of the most probable class (the first one on a tie). */
  public static int expressionIndex(float[] expr) {
    int best = 0;
    for (int i = 1; i < expr.length; i++) {
      if (expr[i] > expr[best]) {
        best = i;
      }
    }
    return best;
  }

  /** The expression label's name, from {@link #EXPRESSION_NAMES}. */
  public static String expressionLabel(float[] expr) {
    return EXPRESSION_NAMES.get(expressionIndex(expr));
  }
}
