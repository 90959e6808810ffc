package io.affectanalyzer.train.export;

import ai.djl.nn.Block;
import ai.onnx.proto.OnnxMl.ModelProto;
import io.affectanalyzer.runtime.model.ModelContract;
import io.affectanalyzer.train.cotex.Cotex;
import io.affectanalyzer.train.dan.Dan;
import io.affectanalyzer.train.emma.Emma;
import io.affectanalyzer.train.vit.VisionTransformer;
import io.affectanalyzer.train.vit.VitConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a trained block as an ONNX model that keeps {@link ModelContract}: input {@code faces [N,
 * 3, S, S]}, outputs as probabilities. EMMA gives {@code au} (sigmoid of the AU logits), {@code
 * expr} (softmax) and {@code va}; CoTEX the mean of its two views' softmaxes as {@code expr}; a DAN
 * or a plain ViT classifier its softmax as {@code expr}. With {@code inputBlurSigma} in the
 * metadata, a Gaussian low-pass runs on {@code faces} first (the training data's domain); with
 * {@code flipAverage}, the batch is scored with its mirror image and each output is the mean of the
 * two views. With {@code exprBias}, fixed offsets are added to every expression logit vector before
 * its softmax; with {@code exprWithDan}, {@code expr} is the mean of the model's and a DAN's:
 * EMMA's own DAN branch, or for CoTEX the teacher DAN passed in. Further DANs ({@code
 * exprEnsemble}) join that mean, each with the model's weight.
 */
public final class ModelExporter {
  private ModelExporter() {}

  /** The kind name of a block this exporter knows, or a one-line error. */
  public static String kindOf(Block model) {
    if (model instanceof Emma) {
      return "emma";
    }
    if (model instanceof Cotex) {
      return "cotex";
    }
    if (model instanceof Dan) {
      return "dan";
    }
    if (model instanceof VisionTransformer) {
      return "vit";
    }
    throw new IllegalArgumentException("cannot export a " + model.getClass().getSimpleName());
  }

  /** Heads the exported model has: {@code au,expr,va} for EMMA, {@code expr} otherwise. */
  public static List<String> headsOf(Block model) {
    return model instanceof Emma
        ? List.of(ModelContract.AU, ModelContract.EXPR, ModelContract.VA)
        : List.of(ModelContract.EXPR);
  }

  /** Square input side the block was built for. */
  public static int inputSizeOf(Block model) {
    return switch (kindOf(model)) {
      case "emma" -> ((Emma) model).vitConfig().inputSize();
      case "cotex" -> ((Cotex) model).config().inputSize();
      case "dan" -> ((Dan) model).config().inputSize();
      default -> ((VisionTransformer) model).config().inputSize();
    };
  }

  /** Backbone preset name(s) for the metadata. */
  public static String presetOf(Block model) {
    return switch (kindOf(model)) {
      case "emma" -> ((Emma) model).vitConfig().name() + "+" + ((Emma) model).danConfig().name();
      case "cotex" -> ((Cotex) model).config().name();
      case "dan" -> ((Dan) model).config().name();
      default -> ((VisionTransformer) model).config().name();
    };
  }

  /** The ONNX model of an initialised (trained) block; {@code meta} must describe it. */
  public static ModelProto export(Block model, ModelMetadata meta, boolean fp16Weights) {
    return export(model, null, List.of(), meta, fp16Weights);
  }

  /** As {@link #export(Block, Dan, List, ModelMetadata, boolean)} without further DANs. */
  public static ModelProto export(
      Block model, Dan teacher, ModelMetadata meta, boolean fp16Weights) {
    return export(model, teacher, List.of(), meta, fp16Weights);
  }

  /**
   * As {@link #export(Block, ModelMetadata, boolean)}, with {@code teacher} (a trained DAN, or
   * null) averaged into a CoTEX's expression output when {@code meta.exprWithDan()}, and the {@code
   * ensemble} DANs (one per name of {@code meta.exprEnsemble()}) into EMMA's or CoTEX's.
   */
  public static ModelProto export(
      Block model, Dan teacher, List<Dan> ensemble, ModelMetadata meta, boolean fp16Weights) {
    String kind = kindOf(model);
    if (!kind.equals(meta.kind())) {
      throw new IllegalArgumentException(
          "metadata says " + meta.kind() + " for a " + kind + " model");
    }
    int size = inputSizeOf(model);
    if (meta.inputSize() != size) {
      throw new IllegalArgumentException(
          "metadata input " + meta.inputSize() + " px, model " + size + " px");
    }
    OnnxGraph g = new OnnxGraph(kind, fp16Weights);
    boolean cotexWithDan = meta.exprWithDan() && model instanceof Cotex;
    if (cotexWithDan != (teacher != null)) {
      throw new IllegalArgumentException(
          teacher == null
              ? "a CoTEX with the DAN's expression needs the teacher DAN"
              : "only a CoTEX with the DAN's expression takes a teacher DAN");
    }
    if (ensemble.size() != meta.exprEnsemble().size()) {
      throw new IllegalArgumentException(
          "metadata names "
              + meta.exprEnsemble().size()
              + " ensemble DANs, "
              + ensemble.size()
              + " given");
    }
    BlockParameters params = BlockParameters.of(model);
    if (teacher != null) {
      requireClasses(teacher.config().numClasses());
      params = params.with("teacher", BlockParameters.of(teacher));
    }
    for (int i = 0; i < ensemble.size(); i++) {
      requireClasses(ensemble.get(i).config().numClasses());
      params = params.with(ensembleName(i), BlockParameters.of(ensemble.get(i)));
    }
    OnnxLayers l = new OnnxLayers(g, params);
    String faces = g.input(ModelContract.INPUT, -1, 3, size, size);
    if (meta.inputBlurSigma() > 0) {
      faces = l.gaussianBlur(faces, 3, meta.inputBlurSigma());
    }
    Outputs outputs = new Outputs(g, meta.flipAverage());
    Probabilities expr = new Probabilities(l, meta.exprBias());
    if (meta.flipAverage()) {
      faces = g.node(OnnxOp.CONCAT, faces, mirror(g, faces)).attr("axis", 0L).out(); // [2N, ...]
    }
    switch (kind) {
      case "emma" -> emma(l, faces, (Emma) model, outputs, expr, meta.exprWithDan(), ensemble);
      case "cotex" -> {
        VitConfig c = ((Cotex) model).config();
        requireClasses(((Cotex) model).numClasses());
        String p1 = expr.of(VitOnnx.logits(l, faces, c, "vit1."));
        String p2 = expr.of(VitOnnx.logits(l, faces, c, "vit2."));
        List<String> members = new ArrayList<>(List.of(mean(g, List.of(p1, p2))));
        if (teacher != null) {
          members.add(expr.of(DanOnnx.logits(l, faces, teacher.config(), "teacher.")));
        }
        members.addAll(ensembleMembers(l, faces, ensemble, expr));
        outputs.add(ModelContract.EXPR, mean(g, members), 8);
      }
      case "dan" -> {
        Dan dan = (Dan) model;
        requireClasses(dan.config().numClasses());
        outputs.add(ModelContract.EXPR, expr.of(DanOnnx.logits(l, faces, dan.config(), "")), 8);
      }
      default -> {
        VisionTransformer vit = (VisionTransformer) model;
        requireClasses(vit.numClasses());
        outputs.add(ModelContract.EXPR, expr.of(VitOnnx.logits(l, faces, vit.config(), "")), 8);
      }
    }
    return g.build(meta.toMap());
  }

  private static void emma(
      OnnxLayers l,
      String faces,
      Emma emma,
      Outputs outputs,
      Probabilities probabilities,
      boolean withDan,
      List<Dan> ensemble) {
    OnnxGraph g = l.graph();
    String cls = VitOnnx.features(l, faces, emma.vitConfig(), "vit.");
    String logits = mlpHead(l, cls, "head"); // [N, 20]: 8 expressions, then 12 AUs
    int e = Emma.EXPRESSIONS;
    String expr = slice(g, logits, 0, e);
    String au = slice(g, logits, e, e + Emma.AUS);
    String dan = DanOnnx.logits(l, faces, emma.danConfig(), "dan.");
    String scores = g.node(OnnxOp.CONCAT, dan, logits).attr("axis", 1L).out(); // [N, 28]
    String va = g.op(OnnxOp.TANH, mlpHead(l, scores, "vaHead"));
    outputs.add(ModelContract.AU, g.op(OnnxOp.SIGMOID, au), Emma.AUS);
    List<String> members = new ArrayList<>(List.of(probabilities.of(expr)));
    if (withDan) {
      members.add(probabilities.of(dan));
    }
    members.addAll(ensembleMembers(l, faces, ensemble, probabilities));
    outputs.add(ModelContract.EXPR, mean(g, members), e);
    outputs.add(ModelContract.VA, va, 2);
  }

  private static List<String> ensembleMembers(
      OnnxLayers l, String faces, List<Dan> ensemble, Probabilities probabilities) {
    List<String> members = new ArrayList<>();
    for (int i = 0; i < ensemble.size(); i++) {
      members.add(
          probabilities.of(
              DanOnnx.logits(l, faces, ensemble.get(i).config(), ensembleName(i) + ".")));
    }
    return members;
  }

  /** The parameter prefix of the {@code i}-th ensemble DAN. */
  static String ensembleName(int i) {
    return "ensemble" + i;
  }

  /** The element-wise mean of equally shaped values. */
  private static String mean(OnnxGraph g, List<String> values) {
    String sum = values.get(0);
    for (int i = 1; i < values.size(); i++) {
      sum = g.op(OnnxOp.ADD, sum, values.get(i));
    }
    return values.size() == 1
        ? sum
        : g.op(OnnxOp.MUL, sum, g.constant("mean" + values.size(), 1f / values.size()));
  }

  /** {@code x [N, C, H, W]} mirrored left to right: W read backwards. */
  static String mirror(OnnxGraph g, String x) {
    return g.op(
        OnnxOp.SLICE,
        x,
        g.longs("start", -1),
        g.longs("end", Long.MIN_VALUE),
        g.longs("axes", 3),
        g.longs("step", -1));
  }

  /**
   * Declares the graph's outputs; on a flip-averaged graph each {@code [2N, C]} value (faces, then
   * their mirrors) becomes the mean of its two halves, {@code [N, C]}.
   */
  private record Outputs(OnnxGraph g, boolean flipAverage) {
    void add(String name, String value, long width) {
      String v = value;
      if (flipAverage) {
        String views = g.op(OnnxOp.RESHAPE, value, g.longs("shape", 2, -1, width));
        v =
            g.node(OnnxOp.REDUCE_MEAN, views)
                .attr("axes", new long[] {0})
                .attr("keepdims", 0L)
                .out();
      }
      g.output(name, v, -1, width);
    }
  }

  /** Expression logits {@code [N, 8]} to probabilities: softmax, after the offsets if any. */
  private record Probabilities(OnnxLayers l, float[] bias) {
    String of(String logits) {
      String x = logits;
      if (bias != null) {
        x = l.graph().op(OnnxOp.ADD, x, l.graph().constant("expr_bias", bias));
      }
      return l.softmax(x, -1);
    }
  }

  /** {@code nn.MlpHead}: fc1, ReLU, fc2. */
  static String mlpHead(OnnxLayers l, String x, String prefix) {
    return l.linear(l.relu(l.linear(x, prefix + ".fc1")), prefix + ".fc2");
  }

  /** Columns {@code [from, to)} of {@code [N, C]}. */
  static String slice(OnnxGraph g, String x, long from, long to) {
    return g.op(OnnxOp.SLICE, x, g.longs("start", from), g.longs("end", to), g.longs("axes", 1));
  }

  private static void requireClasses(int classes) {
    if (classes != ModelContract.EXPRESSION_NAMES.size()) {
      throw new IllegalArgumentException(
          "an expression model must have "
              + ModelContract.EXPRESSION_NAMES.size()
              + " classes to keep the contract, this one has "
              + classes);
    }
  }
}
