package io.affectanalyzer.train.export;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import io.affectanalyzer.train.data.GaussianBlur;

/**
 * Layer-sized pieces of ONNX graph built from DJL parameters: each call reads the weights it needs
 * by name and appends the nodes that compute the same function as the DJL layer in eval mode.
 */
public final class OnnxLayers {
  private final OnnxGraph g;
  private final BlockParameters params;

  public OnnxLayers(OnnxGraph graph, BlockParameters params) {
    this.g = graph;
    this.params = params;
  }

  public OnnxGraph graph() {
    return g;
  }

  public BlockParameters params() {
    return params;
  }

  /** Stores parameter {@code name} as an initializer of the same name and shape. */
  public String weight(String name) {
    return g.weight(name, params.floats(name), params.shape(name));
  }

  /** DJL Linear ({@code weight [out, in]}, optional {@code bias}): {@code x W^T + b}. */
  public String linear(String x, String prefix) {
    NDArray w = params.get(prefix + ".weight");
    long[] shape = w.getShape().getShape();
    float[] wt = w.transpose().toType(DataType.FLOAT32, false).toFloatArray();
    String y = g.op(OnnxOp.MATMUL, x, g.weight(prefix + ".weight.T", wt, shape[1], shape[0]));
    String bias = prefix + ".bias";
    return params.has(bias) ? g.op(OnnxOp.ADD, y, weight(bias)) : y;
  }

  /** DJL LayerNorm over the last axis ({@code gamma}, {@code beta}). */
  public String layerNorm(String x, String prefix, float eps) {
    return g.node(
            OnnxOp.LAYER_NORMALIZATION, x, weight(prefix + ".gamma"), weight(prefix + ".beta"))
        .attr("axis", -1L)
        .attr("epsilon", eps)
        .out();
  }

  /** Exact GELU: {@code 0.5 x (1 + erf(x / sqrt 2))}. */
  public String gelu(String x) {
    String scaled = g.op(OnnxOp.DIV, x, g.constant("sqrt2", (float) Math.sqrt(2)));
    String onePlus = g.op(OnnxOp.ADD, g.op(OnnxOp.ERF, scaled), g.constant("one", 1f));
    return g.op(OnnxOp.MUL, g.op(OnnxOp.MUL, x, onePlus), g.constant("half", 0.5f));
  }

  /** DJL Conv2d ({@code weight [out, in/groups, kh, kw]}, optional {@code bias}). */
  public String conv(String x, String prefix, long[] stride, long[] pad) {
    long[] w = params.shape(prefix + ".weight");
    String bias = prefix + ".bias";
    String[] inputs =
        params.has(bias)
            ? new String[] {x, weight(prefix + ".weight"), weight(bias)}
            : new String[] {x, weight(prefix + ".weight")};
    return g.node(OnnxOp.CONV, inputs)
        .attr("kernel_shape", w[2], w[3])
        .attr("strides", stride)
        .attr("pads", pad[0], pad[1], pad[0], pad[1])
        .out();
  }

  /** DJL BatchNorm in inference mode (running statistics), on {@code [N, C, ...]}. */
  public String batchNorm(String x, String prefix, float eps) {
    return g.node(
            OnnxOp.BATCH_NORMALIZATION,
            x,
            weight(prefix + ".gamma"),
            weight(prefix + ".beta"),
            weight(prefix + ".runningMean"),
            weight(prefix + ".runningVar"))
        .attr("epsilon", eps)
        .out();
  }

  /**
   * {@link GaussianBlur} on {@code [N, C, H, W]}: edge padding, then one depthwise row and one
   * column convolution with the same taps.
   */
  public String gaussianBlur(String x, int channels, double sigma) {
    float[] k = GaussianBlur.kernel(sigma);
    long r = k.length / 2;
    String padded =
        g.node(OnnxOp.PAD, x, g.longs("blur_pads", 0, 0, r, r, 0, 0, r, r))
            .attr("mode", "edge")
            .out();
    float[] taps = new float[channels * k.length];
    for (int c = 0; c < channels; c++) {
      System.arraycopy(k, 0, taps, c * k.length, k.length);
    }
    String rows =
        g.node(OnnxOp.CONV, padded, g.weight("blur.row", taps, channels, 1, 1, k.length))
            .attr("group", (long) channels)
            .out();
    return g.node(OnnxOp.CONV, rows, g.weight("blur.col", taps, channels, 1, k.length, 1))
        .attr("group", (long) channels)
        .out();
  }

  /** Max pooling with a square kernel, stride and symmetric padding. */
  public String maxPool(String x, long kernel, long stride, long pad) {
    return g.node(OnnxOp.MAX_POOL, x)
        .attr("kernel_shape", kernel, kernel)
        .attr("strides", stride, stride)
        .attr("pads", pad, pad, pad, pad)
        .out();
  }

  /** {@code [N, ...] -> [N, rest]}. */
  public String flatten(String x) {
    return g.node(OnnxOp.FLATTEN, x).attr("axis", 1L).out();
  }

  public String relu(String x) {
    return g.op(OnnxOp.RELU, x);
  }

  public String softmax(String x, long axis) {
    return g.node(OnnxOp.SOFTMAX, x).attr("axis", axis).out();
  }

  public String reshape(String x, long... shape) {
    return g.op(OnnxOp.RESHAPE, x, g.longs("shape", shape));
  }

  public String transpose(String x, long... perm) {
    return g.node(OnnxOp.TRANSPOSE, x).attr("perm", perm).out();
  }

  /** {@code x[axis]} at a fixed index, the axis dropped. */
  public String pick(String x, long axis, long index) {
    return g.node(OnnxOp.GATHER, x, g.scalarLong("idx", index)).attr("axis", axis).out();
  }

  /**
   * Multi-head self-attention with a fused {@code qkv} linear ({@code [3D, D]}, q then k then v,
   * each split into heads) and an output {@code proj}: {@code x [N, L, D] -> [N, L, D]}.
   */
  public String selfAttention(String x, String prefix, int width, int heads) {
    int headDim = width / heads;
    String qkv = linear(x, prefix + ".qkv"); // [N, L, 3D]
    qkv = reshape(qkv, 0, 0, 3, heads, headDim); // [N, L, 3, H, d]
    qkv = transpose(qkv, 2, 0, 3, 1, 4); // [3, N, H, L, d]
    String q =
        g.op(OnnxOp.MUL, pick(qkv, 0, 0), g.constant("scale", (float) (1 / Math.sqrt(headDim))));
    String kT = transpose(pick(qkv, 0, 1), 0, 1, 3, 2); // [N, H, d, L]
    String attn = softmax(g.op(OnnxOp.MATMUL, q, kT), -1); // [N, H, L, L]
    String out = g.op(OnnxOp.MATMUL, attn, pick(qkv, 0, 2)); // [N, H, L, d]
    out = reshape(transpose(out, 0, 2, 1, 3), 0, 0, width); // [N, L, D]
    return linear(out, prefix + ".proj");
  }
}
