package io.affectanalyzer.train.export;

import io.affectanalyzer.runtime.model.ModelContract;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What an exported model says about itself, written as ONNX {@code metadata_props} under the keys
 * of {@link ModelContract}.
 *
 * @param kind "emma", "cotex" or "dan"
 * @param preset backbone preset name, e.g. {@code vit-tiny-p8-64}
 * @param inputSize square input side
 * @param mean per-plane RGB mean on the [0, 1] scale
 * @param std per-plane RGB std
 * @param heads outputs present, a subset of {@code au, expr, va} in that order
 * @param supervision per-head data, e.g. {@code au=ckplus-facs;expr=fer2013;va=category-prior}
 * @param vaSupervision "rated" or "category-prior"; null without a VA head
 * @param provenance training command, data, git commit, date
 * @param inputBlurSigma Gaussian low-pass the graph applies to its input, in input pixels (0: none)
 * @param flipAverage the graph also runs the mirrored face and averages the two outputs
 * @param auThresholds per-AU decision thresholds (12), or null for 0.5 each
 * @param exprBias offsets (8) added to the expression logits before their softmax, or null for
 *     none: the training data's class prior taken out ({@link ClassPrior})
 * @param exprWithDan the expression output is the mean of the model's and a DAN's softmax: EMMA's
 *     DAN branch, CoTEX's teacher
 * @param exprEnsemble further DANs (their run and epoch) whose softmaxes the expression output
 *     averages in, each with the same weight as the model's own; empty for none
 */
public record ModelMetadata(
    String kind,
    String preset,
    int inputSize,
    float[] mean,
    float[] std,
    List<String> heads,
    String supervision,
    String vaSupervision,
    Provenance provenance,
    double inputBlurSigma,
    boolean flipAverage,
    float[] auThresholds,
    float[] exprBias,
    boolean exprWithDan,
    List<String> exprEnsemble) {

  /** Where a model came from. */
  public record Provenance(String command, String data, String gitCommit, String date) {
    @Override
    public String toString() {
      return "command=" + command + "; data=" + data + "; commit=" + gitCommit + "; date=" + date;
    }
  }

  public ModelMetadata withInputBlur(double sigma) {
    return with(sigma, flipAverage, auThresholds, exprBias, exprWithDan, exprEnsemble);
  }

  public ModelMetadata withFlipAverage(boolean flip) {
    return with(inputBlurSigma, flip, auThresholds, exprBias, exprWithDan, exprEnsemble);
  }

  public ModelMetadata withAuThresholds(float[] thresholds) {
    return with(inputBlurSigma, flipAverage, thresholds, exprBias, exprWithDan, exprEnsemble);
  }

  public ModelMetadata withExprBias(float[] bias) {
    return with(inputBlurSigma, flipAverage, auThresholds, bias, exprWithDan, exprEnsemble);
  }

  public ModelMetadata withExprWithDan(boolean fused) {
    return with(inputBlurSigma, flipAverage, auThresholds, exprBias, fused, exprEnsemble);
  }

  public ModelMetadata withExprEnsemble(List<String> members) {
    return with(inputBlurSigma, flipAverage, auThresholds, exprBias, exprWithDan, members);
  }

  private ModelMetadata with(
      double sigma,
      boolean flip,
      float[] thresholds,
      float[] bias,
      boolean fused,
      List<String> members) {
    return new ModelMetadata(
        kind,
        preset,
        inputSize,
        mean,
        std,
        heads,
        supervision,
        vaSupervision,
        provenance,
        sigma,
        flip,
        thresholds,
        bias,
        fused,
        members);
  }

  public ModelMetadata {
    if (!(inputBlurSigma >= 0)) {
      throw new IllegalArgumentException("input blur sigma must be >= 0: " + inputBlurSigma);
    }
    if (mean.length != 3 || std.length != 3) {
      throw new IllegalArgumentException("mean and std need 3 values each");
    }
    for (String h : heads) {
      if (!List.of(ModelContract.AU, ModelContract.EXPR, ModelContract.VA).contains(h)) {
        throw new IllegalArgumentException("unknown head " + h);
      }
    }
    if (auThresholds != null
        && (!heads.contains(ModelContract.AU)
            || auThresholds.length != ModelContract.AU_NAMES.size())) {
      throw new IllegalArgumentException(
          "AU thresholds need an AU head and " + ModelContract.AU_NAMES.size() + " values");
    }
    if (exprBias != null && exprBias.length != ModelContract.EXPRESSION_NAMES.size()) {
      throw new IllegalArgumentException(
          "expression offsets need " + ModelContract.EXPRESSION_NAMES.size() + " values");
    }
    if (exprWithDan && !kind.equals("emma") && !kind.equals("cotex")) {
      throw new IllegalArgumentException("only EMMA and CoTEX have a DAN to fuse expressions with");
    }
    exprEnsemble = List.copyOf(exprEnsemble);
    if (!exprEnsemble.isEmpty() && !kind.equals("emma") && !kind.equals("cotex")) {
      throw new IllegalArgumentException(
          "only EMMA and CoTEX average further DANs' expressions in");
    }
    if (exprEnsemble.stream().anyMatch(m -> m.isBlank() || m.contains(","))) {
      throw new IllegalArgumentException("ensemble member names must be non-blank, without commas");
    }
    if (heads.contains(ModelContract.VA) != (vaSupervision != null)) {
      throw new IllegalArgumentException(
          "va_supervision is required with, and only with, a va head");
    }
  }

  public Map<String, String> toMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(ModelContract.META_CONTRACT, ModelContract.CONTRACT_VERSION);
    m.put(ModelContract.META_INPUT_SIZE, Integer.toString(inputSize));
    m.put(ModelContract.META_COLOR_ORDER, "RGB");
    m.put(ModelContract.META_MEAN, floats(mean));
    m.put(ModelContract.META_STD, floats(std));
    if (heads.contains(ModelContract.AU)) {
      m.put(ModelContract.META_AU_LABELS, String.join(",", ModelContract.AU_NAMES));
    }
    if (heads.contains(ModelContract.EXPR)) {
      m.put(ModelContract.META_EXPR_LABELS, String.join(",", ModelContract.EXPRESSION_NAMES));
    }
    m.put(ModelContract.META_HEADS, String.join(",", heads));
    m.put(ModelContract.META_SUPERVISION, supervision);
    if (vaSupervision != null) {
      m.put(ModelContract.META_VA_SUPERVISION, vaSupervision);
    }
    m.put(ModelContract.META_MODEL_KIND, kind);
    m.put(ModelContract.META_PRESET, preset);
    if (inputBlurSigma > 0) {
      m.put(ModelContract.META_INPUT_BLUR, String.format(Locale.ROOT, "%s", inputBlurSigma));
    }
    if (flipAverage) {
      m.put(ModelContract.META_FLIP_AVERAGE, "true");
    }
    if (auThresholds != null) {
      m.put(ModelContract.META_AU_THRESHOLDS, floats(auThresholds));
    }
    if (exprBias != null) {
      m.put(ModelContract.META_EXPR_BIAS, floats(exprBias));
    }
    if (exprWithDan) {
      m.put(ModelContract.META_EXPR_WITH_DAN, "true");
    }
    if (!exprEnsemble.isEmpty()) {
      m.put(ModelContract.META_EXPR_ENSEMBLE, String.join(",", exprEnsemble));
    }
    m.put(ModelContract.META_PROVENANCE, provenance.toString());
    return m;
  }

  static String floats(float[] values) {
    return java.util.stream.IntStream.range(0, values.length)
        .mapToObj(i -> String.format(Locale.ROOT, "%s", values[i]))
        .collect(Collectors.joining(","));
  }
}
