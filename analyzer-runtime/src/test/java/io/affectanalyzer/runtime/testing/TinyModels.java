package io.affectanalyzer.runtime.testing;

import ai.onnx.proto.OnnxMl;
import io.affectanalyzer.runtime.model.ModelContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Small affect models written by the tests themselves (never shipped): the face's mean colour per
 * plane through a seeded random linear layer per head, with the contract's activations. Enough to
 * exercise loading, the contract check, batching and output with a real ONNX Runtime session.
 */
public final class TinyModels {
  private TinyModels() {}

  /** What to write; change one thing to break the contract on purpose. */
  public static final class Spec {
    public int inputSize = 16;
    public int channels = 3;
    public List<String> heads = List.of(ModelContract.AU, ModelContract.EXPR, ModelContract.VA);
    public Map<String, String> metadata = new LinkedHashMap<>();
    public long seed = 7;

    public Spec() {
      metadata.put(ModelContract.META_CONTRACT, ModelContract.CONTRACT_VERSION);
      metadata.put(ModelContract.META_INPUT_SIZE, "16");
      metadata.put(ModelContract.META_COLOR_ORDER, "RGB");
      metadata.put(ModelContract.META_MEAN, "0.5,0.5,0.5");
      metadata.put(ModelContract.META_STD, "0.5,0.5,0.5");
      metadata.put(ModelContract.META_AU_LABELS, String.join(",", ModelContract.AU_NAMES));
      metadata.put(
          ModelContract.META_EXPR_LABELS, String.join(",", ModelContract.EXPRESSION_NAMES));
      metadata.put(ModelContract.META_HEADS, "au,expr,va");
      metadata.put(ModelContract.META_VA_SUPERVISION, "category-prior");
      metadata.put(ModelContract.META_MODEL_KIND, "test");
    }

    public Spec size(int size) {
      inputSize = size;
      metadata.put(ModelContract.META_INPUT_SIZE, Integer.toString(size));
      return this;
    }

    public Spec heads(String... names) {
      heads = List.of(names);
      metadata.put(ModelContract.META_HEADS, String.join(",", names));
      return this;
    }

    public Spec meta(String key, String value) {
      if (value == null) {
        metadata.remove(key);
      } else {
        metadata.put(key, value);
      }
      return this;
    }
  }

  public static Path write(Path file, Spec spec) throws IOException {
    Files.write(file, build(spec).toByteArray());
    return file;
  }

  public static OnnxMl.ModelProto build(Spec spec) {
    Random random = new Random(spec.seed);
    OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName("tiny-affect");
    g.addInput(value(ModelContract.INPUT, "N", spec.channels, spec.inputSize, spec.inputSize));
    // [N, C, S, S] -> [N, C]: the mean colour of each plane.
    g.addNode(
        node("ReduceMean", List.of(ModelContract.INPUT), "pooled")
            .addAttribute(
                OnnxMl.AttributeProto.newBuilder()
                    .setName("axes")
                    .setType(OnnxMl.AttributeProto.AttributeType.INTS)
                    .addInts(2)
                    .addInts(3))
            .addAttribute(
                OnnxMl.AttributeProto.newBuilder()
                    .setName("keepdims")
                    .setType(OnnxMl.AttributeProto.AttributeType.INT)
                    .setI(0)));
    Map<String, Integer> widths = new HashMap<>();
    widths.put(ModelContract.AU, ModelContract.AU_NAMES.size());
    widths.put(ModelContract.EXPR, ModelContract.EXPRESSION_NAMES.size());
    widths.put(ModelContract.VA, ModelContract.VA_NAMES.size());
    Map<String, String> activation =
        Map.of(
            ModelContract.AU, "Sigmoid", ModelContract.EXPR, "Softmax", ModelContract.VA, "Tanh");
    for (String head : spec.heads) {
      int width = widths.get(head);
      g.addInitializer(tensor(head + ".w", random, spec.channels, width));
      g.addInitializer(tensor(head + ".b", random, width));
      g.addNode(node("MatMul", List.of("pooled", head + ".w"), head + ".mm"));
      g.addNode(node("Add", List.of(head + ".mm", head + ".b"), head + ".logits"));
      OnnxMl.NodeProto.Builder act = node(activation.get(head), List.of(head + ".logits"), head);
      if (head.equals(ModelContract.EXPR)) {
        act.addAttribute(
            OnnxMl.AttributeProto.newBuilder()
                .setName("axis")
                .setType(OnnxMl.AttributeProto.AttributeType.INT)
                .setI(1));
      }
      g.addNode(act);
      g.addOutput(value(head, "N", width));
    }
    OnnxMl.ModelProto.Builder m =
        OnnxMl.ModelProto.newBuilder()
            .setIrVersion(7)
            .setProducerName("affect-analyzer tests")
            .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
            .setGraph(g);
    spec.metadata.forEach(
        (k, v) ->
            m.addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
    return m.build();
  }

  /** The reference the model computes, for checking ONNX Runtime's outputs: logits of a head. */
  public static float[] reference(Spec spec, String head, float[] planeMeans) {
    OnnxMl.ModelProto model = build(spec);
    float[] w = null;
    float[] b = null;
    for (OnnxMl.TensorProto t : model.getGraph().getInitializerList()) {
      float[] values = new float[t.getFloatDataCount()];
      for (int i = 0; i < values.length; i++) {
        values[i] = t.getFloatData(i);
      }
      if (t.getName().equals(head + ".w")) {
        w = values;
      } else if (t.getName().equals(head + ".b")) {
        b = values;
      }
    }
    int width = b.length;
    float[] logits = b.clone();
    for (int c = 0; c < planeMeans.length; c++) {
      for (int j = 0; j < width; j++) {
        logits[j] += planeMeans[c] * w[c * width + j];
      }
    }
    return logits;
  }

  private static OnnxMl.NodeProto.Builder node(String op, List<String> inputs, String output) {
    return OnnxMl.NodeProto.newBuilder()
        .setOpType(op)
        .setName(output + "." + op)
        .addAllInput(inputs)
        .addOutput(output);
  }

  private static OnnxMl.TensorProto tensor(String name, Random random, int... dims) {
    OnnxMl.TensorProto.Builder t =
        OnnxMl.TensorProto.newBuilder()
            .setName(name)
            .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber());
    int n = 1;
    for (int d : dims) {
      t.addDims(d);
      n *= d;
    }
    for (int i = 0; i < n; i++) {
      t.addFloatData((float) random.nextGaussian());
    }
    return t.build();
  }

  private static OnnxMl.ValueInfoProto value(String name, String batch, int... dims) {
    OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
    shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam(batch));
    for (int d : dims) {
      shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    return OnnxMl.ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            OnnxMl.TypeProto.newBuilder()
                .setTensorType(
                    OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                        .setShape(shape)))
        .build();
  }
}
