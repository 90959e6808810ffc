package io.affectanalyzer.train.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.affectanalyzer.train.eval.OnnxRunner;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OnnxGraphTest {
  /** {@code y = x * w} over 3 columns, with fp16 weights. */
  private static ModelProto scale(float[] w) {
    OnnxGraph g = new OnnxGraph("scale", true);
    String x = g.input("x", -1, 3);
    g.output("y", g.op(OnnxOp.MUL, x, g.weight("w", w, 3)), -1, 3);
    return g.build(Map.of());
  }

  private static TensorProto.DataType stored(ModelProto proto) {
    return TensorProto.DataType.forNumber(proto.getGraph().getInitializer(0).getDataType());
  }

  @Test
  void shouldKeepAWeightBeyondFloat16sRangeInFloat32() throws Exception {
    // A BatchNorm's running variance of a trained DAN reached 2.9e5: as float16 it would be
    // infinite and every output NaN.
    float[] big = {291786.9f, 0.5f, 3f};
    ModelProto wide = scale(big);
    assertEquals(TensorProto.DataType.FLOAT, stored(wide));
    try (OnnxRunner runner = OnnxRunner.open(wide.toByteArray(), 1)) {
      assertArrayEquals(big, runner.run("x", new float[] {1, 1, 1}, 1, 3).get("y")[0]);
    }
    // In range, the weight is stored as float16 (half the bytes) and rounded to 11 bits.
    ModelProto narrow = scale(new float[] {65504f, 0.1f, 3f});
    assertEquals(TensorProto.DataType.FLOAT16, stored(narrow));
    try (OnnxRunner runner = OnnxRunner.open(narrow.toByteArray(), 1)) {
      float[] y = runner.run("x", new float[] {1, 1, 1}, 1, 3).get("y")[0];
      assertEquals(65504f, y[0]);
      assertEquals(0.1f, y[1], 1e-4f);
      assertTrue(y[1] != 0.1f, "not rounded to float16");
    }
    assertFalse(OnnxGraph.fitsHalf(new float[] {Float.NaN}));
    assertFalse(OnnxGraph.fitsHalf(new float[] {-70000f}));
  }
}
