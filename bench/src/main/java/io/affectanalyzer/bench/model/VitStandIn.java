package io.affectanalyzer.bench.model;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import io.affectanalyzer.runtime.model.ModelContract;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * A random-weight ViT of a preset's size with the affect contract's three heads: the speed of a
 * trained model of that size, none of its accuracy. No trained model exists yet, and speed depends
 * on shapes only. The graph is the plain pre-norm ViT (patch convolution, class token, learned
 * positions, {@code depth} blocks of multi-head self-attention and a GELU MLP of 4x width).
 */
public final class VitStandIn {
  /** The CPU preset: input 64, patch 8, width 192, depth 6, 3 heads. */
  public static final VitStandIn CPU_PRESET = new VitStandIn("vit-tiny-p8-64", 64, 8, 192, 6, 3);

  private final String preset;
  private final int input;
  private final int patch;
  private final int width;
  private final int depth;
  private final int heads;

  public VitStandIn(String preset, int input, int patch, int width, int depth, int heads) {
    if (input % patch != 0 || width % heads != 0) {
      throw new IllegalArgumentException(
          "input must be a multiple of patch and width of heads: "
              + input
              + "/"
              + patch
              + ", "
              + width
              + "/"
              + heads);
    }
    this.preset = preset;
    this.input = input;
    this.patch = patch;
    this.width = width;
    this.depth = depth;
    this.heads = heads;
  }

  public String preset() {
    return preset;
  }

  public int inputSize() {
    return input;
  }

  /** Weights, biases and embeddings the graph holds. */
  public long parameterCount() {
    long tokens = (long) (input / patch) * (input / patch) + 1;
    long embed = (long) width * 3 * patch * patch + width + width + tokens * width;
    long block = 4L * width + 3L * width * width + 3 * width + (long) width * width + width;
    block += 2L * width * 4 * width + 4L * width + width;
    long headsOut = (long) (width + 1) * (12 + 8 + 2) + 2L * width;
    return embed + depth * block + headsOut;
  }

  /** Short description for reports. */
  public String describe() {
    return String.format(
        "%s stand-in (ViT input %d, patch %d, width %d, depth %d, %d heads; %.2fM random weights)",
        preset, input, patch, width, depth, heads, parameterCount() / 1e6);
  }

  public Path write(Path file, long seed) throws IOException {
    Files.write(file, build(seed).toByteArray());
    return file;
  }

  public OnnxMl.ModelProto build(long seed) {
    Graph g = new Graph(new Random(seed));
    int grid = input / patch;
    int tokens = grid * grid + 1;
    int headDim = width / heads;
    g.b.addInput(value(ModelContract.INPUT, 3, input, input));

    g.weight("patch.w", 0.02f, width, 3, patch, patch);
    g.weight("patch.b", 0f, width);
    g.node("Conv", "patches", List.of(ModelContract.INPUT, "patch.w", "patch.b"))
        .addAttribute(ints("strides", patch, patch));
    g.constInts("shape.flat", 0, width, -1);
    g.node("Reshape", "patches.flat", List.of("patches", "shape.flat"));
    g.node("Transpose", "patches.tok", List.of("patches.flat")).addAttribute(ints("perm", 0, 2, 1));
    // The class token, expanded to the batch: [N] ++ [1, width].
    g.weight("cls", 0.02f, 1, 1, width);
    g.node("Shape", "in.shape", List.of(ModelContract.INPUT));
    g.constInts("idx0", 0);
    g.node("Gather", "batch", List.of("in.shape", "idx0"));
    g.constInts("cls.tail", 1, width);
    g.node("Concat", "cls.shape", List.of("batch", "cls.tail")).addAttribute(intAttr("axis", 0));
    g.node("Expand", "cls.batch", List.of("cls", "cls.shape"));
    g.node("Concat", "tok", List.of("cls.batch", "patches.tok")).addAttribute(intAttr("axis", 1));
    g.weight("pos", 0.02f, 1, tokens, width);
    String x = g.add("x0", "tok", "pos");

    g.constInts("shape.qkv", 0, 0, 3, heads, headDim);
    g.constInts("shape.merge", 0, 0, width);
    g.scalar("scale", (float) (1 / Math.sqrt(headDim)));
    g.scalar("half", 0.5f);
    g.scalar("one", 1f);
    g.scalar("rsqrt2", (float) (1 / Math.sqrt(2)));
    for (int i = 0; i < 3; i++) {
      g.scalarLong("pick" + i, i);
    }
    for (int l = 0; l < depth; l++) {
      String p = "b" + l + ".";
      String h = g.layerNorm(p + "ln1", x, width);
      String qkv = g.linear(p + "qkv", h, width, 3 * width);
      g.node("Reshape", p + "qkv.r", List.of(qkv, "shape.qkv"));
      g.node("Transpose", p + "qkv.t", List.of(p + "qkv.r"))
          .addAttribute(ints("perm", 2, 0, 3, 1, 4));
      for (int i = 0; i < 3; i++) {
        g.node("Gather", p + "qkv" + i, List.of(p + "qkv.t", "pick" + i))
            .addAttribute(intAttr("axis", 0));
      }
      g.node("Transpose", p + "kT", List.of(p + "qkv1")).addAttribute(ints("perm", 0, 1, 3, 2));
      g.node("MatMul", p + "att.raw", List.of(p + "qkv0", p + "kT"));
      g.node("Mul", p + "att.scaled", List.of(p + "att.raw", "scale"));
      g.node("Softmax", p + "att", List.of(p + "att.scaled")).addAttribute(intAttr("axis", -1));
      g.node("MatMul", p + "ctx", List.of(p + "att", p + "qkv2"));
      g.node("Transpose", p + "ctx.t", List.of(p + "ctx")).addAttribute(ints("perm", 0, 2, 1, 3));
      g.node("Reshape", p + "ctx.m", List.of(p + "ctx.t", "shape.merge"));
      String proj = g.linear(p + "proj", p + "ctx.m", width, width);
      x = g.add(p + "res1", x, proj);
      String h2 = g.layerNorm(p + "ln2", x, width);
      String fc1 = g.linear(p + "fc1", h2, width, 4 * width);
      // GELU as 0.5 x (1 + erf(x / sqrt 2)); ONNX Runtime fuses the pattern.
      g.node("Mul", p + "g.s", List.of(fc1, "rsqrt2"));
      g.node("Erf", p + "g.e", List.of(p + "g.s"));
      g.node("Add", p + "g.a", List.of(p + "g.e", "one"));
      g.node("Mul", p + "g.m", List.of(fc1, p + "g.a"));
      g.node("Mul", p + "gelu", List.of(p + "g.m", "half"));
      String fc2 = g.linear(p + "fc2", p + "gelu", 4 * width, width);
      x = g.add(p + "res2", x, fc2);
    }
    String out = g.layerNorm("ln.out", x, width);
    g.node("Gather", "cls.out", List.of(out, "pick0")).addAttribute(intAttr("axis", 1));
    head(g, ModelContract.AU, "Sigmoid", ModelContract.AU_NAMES.size());
    head(g, ModelContract.EXPR, "Softmax", ModelContract.EXPRESSION_NAMES.size());
    head(g, ModelContract.VA, "Tanh", ModelContract.VA_NAMES.size());

    OnnxMl.ModelProto.Builder m =
        OnnxMl.ModelProto.newBuilder()
            .setIrVersion(8)
            .setProducerName("affect-analyzer bench")
            .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
            .setGraph(g.b.setName(preset + "-standin"));
    meta(m, ModelContract.META_CONTRACT, ModelContract.CONTRACT_VERSION);
    meta(m, ModelContract.META_INPUT_SIZE, Integer.toString(input));
    meta(m, ModelContract.META_COLOR_ORDER, "RGB");
    meta(m, ModelContract.META_MEAN, "0.5,0.5,0.5");
    meta(m, ModelContract.META_STD, "0.5,0.5,0.5");
    meta(m, ModelContract.META_AU_LABELS, String.join(",", ModelContract.AU_NAMES));
    meta(m, ModelContract.META_EXPR_LABELS, String.join(",", ModelContract.EXPRESSION_NAMES));
    meta(m, ModelContract.META_HEADS, "au,expr,va");
    meta(m, ModelContract.META_VA_SUPERVISION, "category-prior");
    meta(m, ModelContract.META_MODEL_KIND, "benchmark-standin");
    meta(m, ModelContract.META_PRESET, preset);
    meta(m, ModelContract.META_PROVENANCE, "random weights, speed only: " + describe());
    return m.build();
  }

  private void head(Graph g, String name, String activation, int outputs) {
    String logits = g.linear(name + ".head", "cls.out", width, outputs);
    OnnxMl.NodeProto.Builder act = g.node(activation, name, List.of(logits));
    if (activation.equals("Softmax")) {
      act.addAttribute(intAttr("axis", 1));
    }
    g.b.addOutput(value(name, outputs));
  }

  private static void meta(OnnxMl.ModelProto.Builder m, String key, String value) {
    m.addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey(key).setValue(value));
  }

  /** Graph builder state: nodes and seeded initialisers. */
  private static final class Graph {
    final OnnxMl.GraphProto.Builder b = OnnxMl.GraphProto.newBuilder();
    final Random random;

    Graph(Random random) {
      this.random = random;
    }

    OnnxMl.NodeProto.Builder node(String op, String output, List<String> inputs) {
      OnnxMl.NodeProto.Builder n =
          OnnxMl.NodeProto.newBuilder()
              .setOpType(op)
              .setName(output + "." + op)
              .addAllInput(inputs)
              .addOutput(output);
      b.addNode(n);
      // The builder keeps a reference: attributes added later land in the graph.
      return b.getNodeBuilder(b.getNodeCount() - 1);
    }

    String add(String output, String a, String c) {
      node("Add", output, List.of(a, c));
      return output;
    }

    String linear(String name, String in, int from, int to) {
      weight(name + ".w", (float) (1 / Math.sqrt(from)), from, to);
      weight(name + ".b", 0f, to);
      node("MatMul", name + ".mm", List.of(in, name + ".w"));
      return add(name, name + ".mm", name + ".b");
    }

    String layerNorm(String name, String in, int width) {
      constant(name + ".g", 1f, width);
      constant(name + ".b", 0f, width);
      node("LayerNormalization", name, List.of(in, name + ".g", name + ".b"))
          .addAttribute(intAttr("axis", -1))
          .addAttribute(
              OnnxMl.AttributeProto.newBuilder()
                  .setName("epsilon")
                  .setType(OnnxMl.AttributeProto.AttributeType.FLOAT)
                  .setF(1e-6f));
      return name;
    }

    void weight(String name, float std, int... dims) {
      int n = count(dims);
      ByteBuffer buf = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < n; i++) {
        buf.putFloat(std == 0 ? 0f : (float) (random.nextGaussian() * std));
      }
      floats(name, buf, dims);
    }

    void constant(String name, float v, int... dims) {
      int n = count(dims);
      ByteBuffer buf = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < n; i++) {
        buf.putFloat(v);
      }
      floats(name, buf, dims);
    }

    void scalar(String name, float v) {
      floats(name, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(v));
    }

    void scalarLong(String name, long v) {
      b.addInitializer(
          OnnxMl.TensorProto.newBuilder()
              .setName(name)
              .setDataType(OnnxMl.TensorProto.DataType.INT64.getNumber())
              .addInt64Data(v));
    }

    void constInts(String name, long... values) {
      OnnxMl.TensorProto.Builder t =
          OnnxMl.TensorProto.newBuilder()
              .setName(name)
              .setDataType(OnnxMl.TensorProto.DataType.INT64.getNumber())
              .addDims(values.length);
      for (long v : values) {
        t.addInt64Data(v);
      }
      b.addInitializer(t);
    }

    private void floats(String name, ByteBuffer buf, int... dims) {
      OnnxMl.TensorProto.Builder t =
          OnnxMl.TensorProto.newBuilder()
              .setName(name)
              .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
              .setRawData(ByteString.copyFrom(buf.array()));
      for (int d : dims) {
        t.addDims(d);
      }
      b.addInitializer(t);
    }

    private static int count(int... dims) {
      int n = 1;
      for (int d : dims) {
        n *= d;
      }
      return n;
    }
  }

  private static OnnxMl.AttributeProto ints(String name, long... values) {
    OnnxMl.AttributeProto.Builder a =
        OnnxMl.AttributeProto.newBuilder()
            .setName(name)
            .setType(OnnxMl.AttributeProto.AttributeType.INTS);
    for (long v : values) {
      a.addInts(v);
    }
    return a.build();
  }

  private static OnnxMl.AttributeProto intAttr(String name, long value) {
    return OnnxMl.AttributeProto.newBuilder()
        .setName(name)
        .setType(OnnxMl.AttributeProto.AttributeType.INT)
        .setI(value)
        .build();
  }

  private static OnnxMl.ValueInfoProto value(String name, int... dims) {
    OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
    shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
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
