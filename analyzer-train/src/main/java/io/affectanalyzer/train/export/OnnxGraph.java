package io.affectanalyzer.train.export;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A small ONNX graph builder over the generated protobuf classes. Values are named strings; every
 * {@link #op} call appends one node and returns its output's name. Inputs and outputs are float32;
 * with {@code fp16Weights} each float weight is stored as float16 and cast back to float32 right
 * after it (half the file, float32 arithmetic), except a weight with a value beyond float16's
 * range.
 */
public final class OnnxGraph {
  public static final int OPSET = 17;

  /** Symbolic name of the batch dimension in inputs and outputs. */
  public static final String BATCH = "N";

  private final GraphProto.Builder graph = GraphProto.newBuilder();
  private final boolean fp16Weights;
  private final Set<String> names = new HashSet<>();
  private final Set<String> weights = new HashSet<>();
  private int counter;

  public OnnxGraph(String name, boolean fp16Weights) {
    graph.setName(name);
    this.fp16Weights = fp16Weights;
  }

  public boolean fp16Weights() {
    return fp16Weights;
  }

  /** A float32 graph input; a dimension of -1 is the symbolic batch {@value #BATCH}. */
  public String input(String name, long... dims) {
    claim(name);
    graph.addInput(valueInfo(name, dims));
    return name;
  }

  /** Marks {@code value} as the float32 graph output {@code name} (through an Identity). */
  public void output(String name, String value, long... dims) {
    claim(name);
    graph.addNode(
        NodeProto.newBuilder()
            .setOpType(OnnxOp.IDENTITY.opType())
            .setName(name + "_out")
            .addInput(value)
            .addOutput(name));
    graph.addOutput(valueInfo(name, dims));
  }

  /**
   * A float weight of the given shape; float16-stored (and cast) when the graph says so. A name
   * already stored is reused (a layer read twice is stored once).
   */
  public String weight(String name, float[] data, long... shape) {
    checkSize(name, data.length, shape);
    if (weights.contains(name)) {
      return name;
    }
    claim(name);
    weights.add(name);
    if (!fp16Weights || !fitsHalf(data)) {
      ByteBuffer bytes = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
      bytes.asFloatBuffer().put(data);
      graph.addInitializer(tensor(name, TensorProto.DataType.FLOAT, bytes, shape));
      return name;
    }
    ByteBuffer bytes = ByteBuffer.allocate(data.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : data) {
      bytes.putShort(Half.fromFloat(v));
    }
    bytes.flip();
    String stored = name + "_fp16";
    claim(stored);
    graph.addInitializer(tensor(stored, TensorProto.DataType.FLOAT16, bytes, shape));
    graph.addNode(
        NodeProto.newBuilder()
            .setOpType(OnnxOp.CAST.opType())
            .setName(name + "_cast")
            .addInput(stored)
            .addOutput(name)
            .addAttribute(intAttr("to", TensorProto.DataType.FLOAT_VALUE)));
    return name;
  }

  /**
   * Whether every value survives float16 storage as a finite number: a BatchNorm's running variance
   * can exceed its 65504 (then it stays float32; such tensors are small).
   */
  static boolean fitsHalf(float[] data) {
    for (float v : data) {
      if (!(Math.abs(v) <= 65504f)) {
        return false;
      }
    }
    return true;
  }

  /** A float32 constant, never float16 (scales, epsilons: small and precision-sensitive). */
  public String constant(String hint, float... values) {
    String name = fresh(hint);
    ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    long[] shape = values.length == 1 ? new long[0] : new long[] {values.length};
    graph.addInitializer(tensor(name, TensorProto.DataType.FLOAT, bytes, shape));
    return name;
  }

  /** A 1-D int64 constant (shapes, axes, indices). */
  public String longs(String hint, long... values) {
    String name = fresh(hint);
    ByteBuffer bytes = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asLongBuffer().put(values);
    graph.addInitializer(tensor(name, TensorProto.DataType.INT64, bytes, values.length));
    return name;
  }

  /** A 0-D int64 constant (a Gather index that drops the axis). */
  public String scalarLong(String hint, long value) {
    String name = fresh(hint);
    ByteBuffer bytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    bytes.putLong(value);
    graph.addInitializer(tensor(name, TensorProto.DataType.INT64, bytes));
    return name;
  }

  /** Starts a node; add attributes, then {@link Node#out()}. */
  public Node node(OnnxOp op, String... inputs) {
    return new Node(op, inputs);
  }

  /** One node without attributes. */
  public String op(OnnxOp op, String... inputs) {
    return node(op, inputs).out();
  }

  /** A node being built. */
  public final class Node {
    private final NodeProto.Builder proto = NodeProto.newBuilder();

    private Node(OnnxOp op, String[] inputs) {
      proto.setOpType(op.opType());
      for (String input : inputs) {
        proto.addInput(input);
      }
    }

    public Node attr(String name, long value) {
      proto.addAttribute(intAttr(name, value));
      return this;
    }

    public Node attr(String name, float value) {
      proto.addAttribute(
          AttributeProto.newBuilder()
              .setName(name)
              .setType(AttributeProto.AttributeType.FLOAT)
              .setF(value));
      return this;
    }

    public Node attr(String name, String value) {
      proto.addAttribute(
          AttributeProto.newBuilder()
              .setName(name)
              .setType(AttributeProto.AttributeType.STRING)
              .setS(com.google.protobuf.ByteString.copyFromUtf8(value)));
      return this;
    }

    public Node attr(String name, long... values) {
      AttributeProto.Builder a =
          AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
      for (long v : values) {
        a.addInts(v);
      }
      proto.addAttribute(a);
      return this;
    }

    /** Appends the node with one output and returns that output's name. */
    public String out() {
      String name = fresh(proto.getOpType());
      graph.addNode(proto.setName(name).addOutput(name));
      return name;
    }
  }

  /** The model, with opset {@value #OPSET} and the given metadata. */
  public ModelProto build(Map<String, String> metadata) {
    ModelProto.Builder model =
        ModelProto.newBuilder()
            .setIrVersion(8)
            .setProducerName("affect-analyzer")
            .setProducerVersion("0.1.0")
            .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
            .setGraph(graph);
    for (Map.Entry<String, String> e : new LinkedHashMap<>(metadata).entrySet()) {
      model.addMetadataProps(
          StringStringEntryProto.newBuilder().setKey(e.getKey()).setValue(e.getValue()));
    }
    return model.build();
  }

  public static void write(ModelProto model, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      model.writeTo(out);
    }
  }

  private String fresh(String hint) {
    String name;
    do {
      name = hint + "_" + counter++;
    } while (names.contains(name));
    names.add(name);
    return name;
  }

  private void claim(String name) {
    if (!names.add(name)) {
      throw new IllegalArgumentException("ONNX value name used twice: " + name);
    }
  }

  private static void checkSize(String name, int length, long[] shape) {
    long size = 1;
    for (long d : shape) {
      size *= d;
    }
    if (size != length) {
      throw new IllegalArgumentException(
          name + ": " + length + " values for shape " + java.util.Arrays.toString(shape));
    }
  }

  private static TensorProto tensor(
      String name, TensorProto.DataType type, ByteBuffer bytes, long... shape) {
    bytes.rewind();
    TensorProto.Builder t =
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(type.getNumber())
            .setRawData(ByteString.copyFrom(bytes));
    for (long d : shape) {
      t.addDims(d);
    }
    return t.build();
  }

  private static AttributeProto intAttr(String name, long value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.INT)
        .setI(value)
        .build();
  }

  private static ValueInfoProto valueInfo(String name, long[] dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long d : dims) {
      TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
      if (d < 0) {
        dim.setDimParam(BATCH);
      } else {
        dim.setDimValue(d);
      }
      shape.addDim(dim);
    }
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            TypeProto.newBuilder()
                .setTensorType(
                    TypeProto.Tensor.newBuilder()
                        .setElemType(TensorProto.DataType.FLOAT_VALUE)
                        .setShape(shape)))
        .build();
  }
}
