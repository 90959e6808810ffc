package io.affectanalyzer.train.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import io.affectanalyzer.train.eval.OnnxRunner;
import java.nio.FloatBuffer;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each graph piece against DJL's own layer in inference mode, through ONNX Runtime. */
class OnnxLayersTest {
  private final NDManager manager = NDManager.newBaseManager();

  @AfterEach
  void close() {
    manager.close();
  }

  private NDArray forward(Block block, NDArray x) {
    return block
        .forward(new ParameterStore(manager, false), new NDList(x), false)
        .singletonOrThrow();
  }

  private static float[][] runOnnx(OnnxGraph g, NDArray x) throws Exception {
    try (OnnxRunner runner = OnnxRunner.open(g.build(Map.of()).toByteArray(), 1)) {
      return runner.run("x", x.toFloatArray(), x.getShape().getShape()).get("y");
    }
  }

  static float maxAbsDiff(float[] a, float[][] rows) {
    int k = 0;
    float max = 0;
    for (float[] row : rows) {
      for (float v : row) {
        max = Math.max(max, Math.abs(v - a[k++]));
      }
    }
    assertEquals(a.length, k, "element count");
    return max;
  }

  @Test
  void shouldMatchDjlConvBatchNormReluPoolAndLinear() throws Exception {
    SequentialBlock cnn =
        new SequentialBlock()
            .add(
                Conv2d.builder()
                    .setKernelShape(new Shape(3, 3))
                    .optPadding(new Shape(1, 1))
                    .optStride(new Shape(2, 2))
                    .setFilters(6)
                    .build())
            .add(BatchNorm.builder().optEpsilon(1e-5f).build())
            .add(Activation::relu)
            .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)))
            .add(Pool.globalAvgPool2dBlock())
            .add(Linear.builder().setUnits(5).build());
    cnn.setInitializer(new NormalInitializer(0.5f), ai.djl.nn.Parameter.Type.WEIGHT);
    cnn.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 17, 17));
    BlockParameters p = BlockParameters.of(cnn);
    // Running statistics away from 0/1 so that a wrong BN input order would show.
    p.get("BatchNorm.runningMean")
        .set(FloatBuffer.wrap(new float[] {0.1f, -0.2f, 0.3f, 0f, 0.5f, -0.4f}));
    p.get("BatchNorm.runningVar")
        .set(FloatBuffer.wrap(new float[] {0.5f, 2f, 1.5f, 0.8f, 1.2f, 3f}));
    NDArray x = manager.randomNormal(new Shape(7, 3, 17, 17));
    float[] expected = forward(cnn, x).toFloatArray();

    OnnxGraph g = new OnnxGraph("cnn", false);
    OnnxLayers l = new OnnxLayers(g, p);
    String y = l.conv(g.input("x", -1, 3, 17, 17), "Conv2d", new long[] {2, 2}, new long[] {1, 1});
    y = l.relu(l.batchNorm(y, "BatchNorm", 1e-5f));
    y = l.maxPool(y, 3, 2, 1);
    y = l.flatten(l.graph().op(OnnxOp.GLOBAL_AVERAGE_POOL, y));
    g.output("y", l.linear(y, "Linear"), -1, 5);

    float diff = maxAbsDiff(expected, runOnnx(g, x));
    assertTrue(diff < 1e-5, "max abs diff " + diff);
  }

  @Test
  void shouldMatchDjlLinearLayerNormAndGeluOnTokens() throws Exception {
    SequentialBlock mlp =
        new SequentialBlock()
            .add(LayerNorm.builder().axis(2).optEpsilon(1e-6f).build())
            .add(Linear.builder().setUnits(12).build())
            .add(Activation::gelu);
    mlp.initialize(manager, DataType.FLOAT32, new Shape(1, 5, 8));
    BlockParameters p = BlockParameters.of(mlp);
    p.get("LayerNorm.gamma").set(FloatBuffer.wrap(new float[] {1, 2, 0.5f, 1, 1, -1, 1.5f, 1}));
    NDArray x = manager.randomNormal(new Shape(3, 5, 8)).mul(2).add(0.3f);
    float[] expected = forward(mlp, x).toFloatArray();

    OnnxGraph g = new OnnxGraph("mlp", false);
    OnnxLayers l = new OnnxLayers(g, p);
    String y = l.layerNorm(g.input("x", -1, 5, 8), "LayerNorm", 1e-6f);
    g.output("y", l.gelu(l.linear(y, "Linear")), -1, 5, 12);

    float diff = maxAbsDiff(expected, runOnnx(g, x));
    assertTrue(diff < 1e-5, "max abs diff " + diff);
  }

  @Test
  void shouldMatchSelfAttentionWrittenInDjlOps() throws Exception {
    int width = 12;
    int heads = 3;
    Block qkvLayer = Linear.builder().setUnits(3 * width).build();
    Block projLayer = Linear.builder().setUnits(width).build();
    qkvLayer.initialize(manager, DataType.FLOAT32, new Shape(1, 4, width));
    projLayer.initialize(manager, DataType.FLOAT32, new Shape(1, 4, width));
    SequentialBlock attn = new SequentialBlock().add(qkvLayer).add(projLayer); // naming only
    NDArray x = manager.randomNormal(new Shape(2, 4, width));
    NDArray qkv =
        forward(qkvLayer, x).reshape(2, 4, 3, heads, width / heads).transpose(2, 0, 3, 1, 4);
    NDArray q = qkv.get(0).mul(1 / Math.sqrt(width / heads));
    NDArray scores = q.matMul(qkv.get(1).transpose(0, 1, 3, 2)).softmax(-1);
    NDArray mixed = scores.matMul(qkv.get(2)).transpose(0, 2, 1, 3).reshape(2, 4, width);
    float[] expected = forward(projLayer, mixed).toFloatArray();

    // Rename to the attention layout the ViT exporter expects: <prefix>.qkv / <prefix>.proj.
    BlockParameters p = BlockParameters.of(attn);
    OnnxGraph g = new OnnxGraph("attn", false);
    OnnxLayers l = new OnnxLayers(g, p.renamed(Map.of("01Linear", "a.qkv", "02Linear", "a.proj")));
    g.output("y", l.selfAttention(g.input("x", -1, 4, width), "a", width, heads), -1, 4, width);

    float diff = maxAbsDiff(expected, runOnnx(g, x));
    assertTrue(diff < 1e-5, "max abs diff " + diff);
  }

  @Test
  void shouldStoreFp16WeightsAtHalfTheSizeAndStayClose() throws Exception {
    SequentialBlock lin = new SequentialBlock().add(Linear.builder().setUnits(64).build());
    lin.initialize(manager, DataType.FLOAT32, new Shape(1, 256));
    BlockParameters p = BlockParameters.of(lin);
    NDArray x = manager.randomNormal(new Shape(7, 256));
    float[] expected = forward(lin, x).toFloatArray();
    int[] sizes = new int[2];
    float[] diffs = new float[2];
    for (int half = 0; half < 2; half++) {
      OnnxGraph g = new OnnxGraph("lin", half == 1);
      OnnxLayers l = new OnnxLayers(g, p);
      g.output("y", l.linear(g.input("x", -1, 256), "Linear"), -1, 64);
      sizes[half] = g.build(Map.of()).getSerializedSize();
      diffs[half] = maxAbsDiff(expected, runOnnx(g, x));
    }
    assertTrue(diffs[0] < 1e-5, "fp32 diff " + diffs[0]);
    assertTrue(diffs[1] < 1e-2, "fp16 diff " + diffs[1]);
    assertTrue(diffs[1] > diffs[0], "fp16 should lose some precision: " + diffs[1]);
    assertTrue(sizes[1] < sizes[0] * 0.55, "sizes " + sizes[0] + " vs " + sizes[1]);
  }
}
