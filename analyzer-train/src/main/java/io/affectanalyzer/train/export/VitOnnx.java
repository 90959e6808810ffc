package io.affectanalyzer.train.export;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import io.affectanalyzer.train.dan.DanConfig;
import io.affectanalyzer.train.vit.PatchEmbed;
import io.affectanalyzer.train.vit.VitConfig;

/**
 * The ONNX graph of {@code vit.VisionTransformer} in inference (no token dropping): patch conv (or
 * conv stem or ResNet trunk, BatchNorm on running statistics), position add, CLS prepended,
 * pre-norm blocks, final norm, CLS read-out, optional head. Parameter names as the ViT's javadoc
 * lists them, under {@code prefix}.
 */
public final class VitOnnx {
  private VitOnnx() {}

  /** CLS features after the final norm, {@code [N, D]}, from images {@code [N, 3, S, S]}. */
  public static String features(OnnxLayers l, String images, VitConfig c, String prefix) {
    OnnxGraph g = l.graph();
    int d = c.width();
    String x = images;
    long stride = c.patch();
    if (c.convStem()) {
      x = l.relu(DanOnnx.convBn(l, x, prefix + "patchEmbed.stem.0", 1));
      x = l.relu(DanOnnx.convBn(l, x, prefix + "patchEmbed.stem.1", 2));
      stride = c.patch() / 2;
    }
    if (c.resNetTrunk()) {
      x =
          DanOnnx.resNet(
              l, x, DanConfig.Stem.STRIDE1, PatchEmbed.TRUNK_STAGES, prefix + "patchEmbed.trunk.");
      stride = c.patch() / 4;
    }
    x = l.conv(x, prefix + "patchEmbed.proj", new long[] {stride, stride}, new long[] {0, 0});
    x = l.transpose(l.reshape(x, 0, d, -1), 0, 2, 1); // [N, L, D]

    // pos [1, 1 + L, D]: its patch rows are added to the tokens, its first row to CLS; both sums
    // are constants, folded here.
    NDArray pos = l.params().get(prefix + "pos").toType(DataType.FLOAT32, false);
    NDArray cls = l.params().get(prefix + "cls").toType(DataType.FLOAT32, false);
    long tokens = pos.getShape().get(1);
    if (tokens != c.numPatches() + 1) {
      throw new IllegalArgumentException(
          "position embeddings have "
              + tokens
              + " rows, preset "
              + c.name()
              + " needs "
              + (c.numPatches() + 1));
    }
    String patchPos =
        g.weight(prefix + "pos.patches", pos.get(":, 1:, :").toFloatArray(), 1, tokens - 1, d);
    x = g.op(OnnxOp.ADD, x, patchPos);
    String clsPos =
        g.weight(prefix + "cls.pos", cls.add(pos.get(":, :1, :")).toFloatArray(), 1, 1, d);
    x =
        g.node(OnnxOp.CONCAT, broadcastBatch(l, clsPos, x, d), x)
            .attr("axis", 1L)
            .out(); // [N, 1 + L, D]

    for (int i = 0; i < c.depth(); i++) {
      String b = prefix + "blocks." + i + ".";
      String h =
          l.selfAttention(l.layerNorm(x, b + "norm1", c.layerNormEps()), b + "attn", d, c.heads());
      x = g.op(OnnxOp.ADD, x, h);
      h =
          l.linear(
              l.gelu(l.linear(l.layerNorm(x, b + "norm2", c.layerNormEps()), b + "mlp.fc1")),
              b + "mlp.fc2");
      x = g.op(OnnxOp.ADD, x, h);
    }
    x = l.layerNorm(x, prefix + "norm", c.layerNormEps());
    return l.pick(x, 1, 0); // [N, D]
  }

  /** Logits {@code [N, C]} through the ViT's own {@code head} Linear. */
  public static String logits(OnnxLayers l, String images, VitConfig c, String prefix) {
    return l.linear(features(l, images, c, prefix), prefix + "head");
  }

  /**
   * {@code row [1, 1, D]} repeated along the batch of {@code like [N, ., .]}: {@code [N, 1, D]}.
   */
  static String broadcastBatch(OnnxLayers l, String row, String like, int d) {
    OnnxGraph g = l.graph();
    String n =
        g.node(OnnxOp.SLICE, g.op(OnnxOp.SHAPE, like), g.longs("start", 0), g.longs("end", 1))
            .out();
    String shape = g.node(OnnxOp.CONCAT, n, g.longs("rest", 1, d)).attr("axis", 0L).out();
    return g.op(OnnxOp.EXPAND, row, shape);
  }
}
