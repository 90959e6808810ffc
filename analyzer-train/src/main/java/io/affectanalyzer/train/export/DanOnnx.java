package io.affectanalyzer.train.export;

import io.affectanalyzer.train.dan.DanConfig;

/**
 * The ONNX graph of {@code dan.Dan} in inference (BatchNorm on running statistics): ResNet-18
 * trunk, cross-attention heads, log-softmax fusion over heads, {@code fc}, {@code bn}. Parameter
 * names as in the DAN's blocks, under {@code prefix}.
 */
public final class DanOnnx {
  /** DJL BatchNorm's default epsilon, which the DAN's blocks keep. */
  static final float BN_EPS = 1e-5f;

  private DanOnnx() {}

  /** Logits {@code [N, classes]} from images {@code [N, 3, S, S]}. */
  public static String logits(OnnxLayers l, String images, DanConfig c, String prefix) {
    OnnxGraph g = l.graph();
    String x = trunk(l, images, c, prefix);
    int width = c.featureWidth();
    String[] heads = new String[c.heads()];
    for (int i = 0; i < heads.length; i++) {
      heads[i] =
          l.reshape(head(l, x, prefix + "heads." + i + ".", width), 0, 1, width); // [N, 1, C]
    }
    String stacked =
        heads.length == 1 ? heads[0] : g.node(OnnxOp.CONCAT, heads).attr("axis", 1L).out();
    if (heads.length > 1) {
      stacked = g.node(OnnxOp.LOG_SOFTMAX, stacked).attr("axis", 1L).out();
    }
    String fused =
        g.node(OnnxOp.REDUCE_SUM, stacked, g.longs("axes", 1)).attr("keepdims", 0L).out(); // [N, C]
    return l.batchNorm(l.linear(fused, prefix + "fc"), prefix + "bn", BN_EPS);
  }

  /** The ResNet-18 trunk's layer4 map {@code [N, 8w, h, w]}. */
  public static String trunk(OnnxLayers l, String images, DanConfig c, String prefix) {
    return resNet(l, images, c.stem(), 4, prefix + "trunk.");
  }

  /** The map after {@code stages} stages of a ResNet-18 whose parameters are under {@code t}. */
  static String resNet(OnnxLayers l, String images, DanConfig.Stem stem, int stages, String t) {
    OnnxGraph g = l.graph();
    long stemStride = stem == DanConfig.Stem.STRIDE1 ? 1 : 2;
    String x = l.relu(convBn(l, images, t + "stem", stemStride));
    if (stem == DanConfig.Stem.IMAGENET) {
      x = l.maxPool(x, 3, 2, 1);
    }
    for (int layer = 1; layer <= stages; layer++) {
      for (int i = 0; i < 2; i++) {
        String b = t + "layer" + layer + "." + i + ".";
        long stride = layer > 1 && i == 0 ? 2 : 1;
        String h = l.relu(convBn(l, x, b + "conv1", stride));
        String y = convBn(l, h, b + "conv2", 1);
        String skip =
            l.params().has(b + "downsample.conv.weight")
                ? convBn(l, x, b + "downsample", stride)
                : x;
        x = l.relu(g.op(OnnxOp.ADD, y, skip));
      }
    }
    return x;
  }

  /** One cross-attention head: spatial attention, then channel attention, {@code [N, C]}. */
  static String head(OnnxLayers l, String x, String h, int width) {
    OnnxGraph g = l.graph();
    String y = convBn(l, x, h + "conv1x1", 1);
    String s = g.op(OnnxOp.ADD, convBn(l, y, h + "conv3x3", 1), convBn(l, y, h + "conv1x3", 1));
    s = l.relu(g.op(OnnxOp.ADD, s, convBn(l, y, h + "conv3x1", 1)));
    String map =
        g.node(OnnxOp.REDUCE_SUM, s, g.longs("axes", 1)).attr("keepdims", 1L).out(); // [N, 1, h, w]
    String pooled = l.flatten(g.op(OnnxOp.GLOBAL_AVERAGE_POOL, g.op(OnnxOp.MUL, x, map))); // [N, C]
    String a = l.relu(l.batchNorm(l.linear(pooled, h + "fc1"), h + "bn", BN_EPS));
    String gate = g.op(OnnxOp.SIGMOID, l.linear(a, h + "fc2"));
    return g.op(OnnxOp.MUL, pooled, gate);
  }

  /** A conv ("same" padding for odd kernels) and its BatchNorm: children {@code conv, bn}. */
  static String convBn(OnnxLayers l, String x, String prefix, long stride) {
    long[] k = l.params().shape(prefix + ".conv.weight");
    String y =
        l.conv(x, prefix + ".conv", new long[] {stride, stride}, new long[] {k[2] / 2, k[3] / 2});
    return l.batchNorm(y, prefix + ".bn", BN_EPS);
  }
}
