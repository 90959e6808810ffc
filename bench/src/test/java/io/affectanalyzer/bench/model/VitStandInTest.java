package io.affectanalyzer.bench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.onnx.proto.OnnxMl;
import io.affectanalyzer.runtime.model.AffectScores;
import io.affectanalyzer.runtime.model.ModelContract;
import io.affectanalyzer.runtime.model.OnnxAffectModel;
import io.affectanalyzer.runtime.onnx.OrtSessions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VitStandInTest {
  @Test
  void shouldHoldAsManyWeightsAsThePresetSays() {
    OnnxMl.ModelProto m = VitStandIn.CPU_PRESET.build(1);
    long floats = 0;
    for (OnnxMl.TensorProto t : m.getGraph().getInitializerList()) {
      if (t.getDataType() == OnnxMl.TensorProto.DataType.FLOAT.getNumber()
          && t.getDimsCount() > 0) {
        long n = 1;
        for (long d : t.getDimsList()) {
          n *= d;
        }
        assertEquals(4 * n, t.getRawData().size(), t.getName());
        floats += n;
      }
    }
    assertEquals(VitStandIn.CPU_PRESET.parameterCount(), floats);
    // ViT-Tiny-like at width 192, depth 6: about 2.7M.
    assertEquals(2.72e6, floats, 0.02e6);
  }

  @Test
  void shouldLoadUnderTheContractAndScoreEveryFaceOfABatch(@TempDir Path dir) throws Exception {
    VitStandIn small = new VitStandIn("tiny-test", 16, 8, 24, 1, 3);
    Path file = small.write(dir.resolve("m.onnx"), 3);
    try (OnnxAffectModel model = OnnxAffectModel.open(file, OrtSessions.Options.cpu(1))) {
      assertEquals(16, model.spec().inputSize());
      int floats = 3 * 16 * 16;
      FloatBuffer batch =
          ByteBuffer.allocateDirect(3 * floats * Float.BYTES)
              .order(ByteOrder.nativeOrder())
              .asFloatBuffer();
      Random r = new Random(2);
      for (int i = 0; i < 3 * floats; i++) {
        batch.put(i, r.nextFloat() * 2 - 1);
      }
      List<AffectScores> scores = model.infer(batch, 3);
      assertEquals(3, scores.size());
      for (AffectScores s : scores) {
        assertEquals(ModelContract.AU_NAMES.size(), s.au().length);
        float sum = 0;
        for (float p : s.expr()) {
          sum += p;
        }
        assertEquals(1f, sum, 1e-4f);
        assertEquals(2, s.va().length);
      }
      // Different faces, different scores: the graph really reads its input.
      assertEquals(false, scores.get(0).expr()[0] == scores.get(1).expr()[0]);
    }
  }

  @Test
  void shouldRefuseAPatchThatDoesNotTileTheInput() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new VitStandIn("x", 64, 7, 192, 1, 3));
    assertEquals(true, e.getMessage().contains("64/7"));
  }
}
