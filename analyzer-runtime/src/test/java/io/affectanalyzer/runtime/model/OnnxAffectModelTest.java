package io.affectanalyzer.runtime.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affectanalyzer.runtime.onnx.OrtSessions;
import io.affectanalyzer.runtime.testing.TinyModels;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxAffectModelTest {
  @TempDir Path dir;

  private static final OrtSessions.Options CPU = OrtSessions.Options.cpu(1);

  @Test
  void shouldReadTheSpecFromTheMetadata() throws Exception {
    Path file = TinyModels.write(dir.resolve("m.onnx"), new TinyModels.Spec().size(24));
    try (OnnxAffectModel model = OnnxAffectModel.open(file, CPU)) {
      ModelSpec spec = model.spec();
      assertEquals(24, spec.inputSize());
      assertTrue(spec.rgb());
      assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f}, spec.mean());
      assertEquals(Set.of("au", "expr", "va"), spec.heads());
      // In the contract's order, whatever order the graph lists them in (messages quote it).
      assertEquals(List.of("au", "expr", "va"), List.copyOf(spec.heads()));
      assertEquals("category-prior", spec.vaSupervision());
      assertEquals("CPU", model.executionProvider());
    }
  }

  @Test
  void shouldComputeWhatTheGraphSaysForEveryFaceOfABatch() throws Exception {
    TinyModels.Spec spec = new TinyModels.Spec();
    Path file = TinyModels.write(dir.resolve("m.onnx"), spec);
    int n = 5;
    int plane = 16 * 16;
    FloatBuffer faces =
        ByteBuffer.allocateDirect(n * 3 * plane * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    float[][] means = new float[n][3];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < 3; c++) {
        means[i][c] = (i - 2) * 0.3f + c * 0.1f;
        for (int p = 0; p < plane; p++) {
          faces.put((i * 3 + c) * plane + p, means[i][c]);
        }
      }
    }
    try (OnnxAffectModel model = OnnxAffectModel.open(file, CPU)) {
      List<AffectScores> scores = model.infer(faces, n);
      assertEquals(n, scores.size());
      for (int i = 0; i < n; i++) {
        float[] au = TinyModels.reference(spec, "au", means[i]);
        float[] ex = TinyModels.reference(spec, "expr", means[i]);
        float[] va = TinyModels.reference(spec, "va", means[i]);
        double sum = 0;
        double max = Double.NEGATIVE_INFINITY;
        for (float v : ex) {
          max = Math.max(max, v);
        }
        for (float v : ex) {
          sum += Math.exp(v - max);
        }
        for (int k = 0; k < 12; k++) {
          assertEquals(1 / (1 + Math.exp(-au[k])), scores.get(i).au()[k], 1e-5);
        }
        for (int k = 0; k < 8; k++) {
          assertEquals(Math.exp(ex[k] - max) / sum, scores.get(i).expr()[k], 1e-5);
        }
        assertEquals(Math.tanh(va[0]), scores.get(i).va()[0], 1e-5);
        assertEquals(Math.tanh(va[1]), scores.get(i).va()[1], 1e-5);
      }
    }
  }

  @Test
  void shouldAcceptAnExpressionOnlyModelWithoutTheOtherStreams() throws Exception {
    Path file = TinyModels.write(dir.resolve("cotex.onnx"), new TinyModels.Spec().heads("expr"));
    try (OnnxAffectModel model = OnnxAffectModel.open(file, CPU)) {
      assertEquals(Set.of("expr"), model.spec().heads());
      assertNull(model.spec().vaSupervision());
      FloatBuffer one =
          ByteBuffer.allocateDirect(3 * 256 * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
      AffectScores s = model.infer(one, 1).get(0);
      assertNull(s.au());
      assertNull(s.va());
      assertEquals(8, s.expr().length);
    }
  }

  @Test
  void shouldRefuseAModelWhoseInputShapeBreaksTheContract() throws Exception {
    TinyModels.Spec spec = new TinyModels.Spec();
    spec.channels = 1;
    ModelException e = refuse(spec);
    assertTrue(e.getMessage().contains("input 'faces' must be [N,3,16,16]"), e.getMessage());
  }

  @Test
  void shouldRefuseAnInputSizeThatDisagreesWithTheMetadata() throws Exception {
    ModelException e = refuse(new TinyModels.Spec().meta(ModelContract.META_INPUT_SIZE, "112"));
    assertTrue(e.getMessage().contains("[N,3,112,112]"), e.getMessage());
  }

  @Test
  void shouldRefuseAModelWithoutContractMetadata() throws Exception {
    ModelException e = refuse(new TinyModels.Spec().meta(ModelContract.META_CONTRACT, null));
    assertTrue(e.getMessage().contains("not an affect model"), e.getMessage());
  }

  @Test
  void shouldRefuseWrongLabelsAndMissingNormalisation() throws Exception {
    assertTrue(
        refuse(new TinyModels.Spec().meta(ModelContract.META_EXPR_LABELS, "a,b,c,d,e,f,g,h"))
            .getMessage()
            .contains(ModelContract.META_EXPR_LABELS));
    assertTrue(
        refuse(new TinyModels.Spec().meta(ModelContract.META_MEAN, "0.5,0.5"))
            .getMessage()
            .contains(ModelContract.META_MEAN));
  }

  @Test
  void shouldSayInOneLineThatAFileIsNotAnOnnxModel() throws Exception {
    Path text = Files.writeString(dir.resolve("notes.onnx"), "not a model\n");
    ModelException e = assertThrows(ModelException.class, () -> OnnxAffectModel.open(text, CPU));
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    assertTrue(e.getMessage().contains("notes.onnx"));
    ModelException missing =
        assertThrows(
            ModelException.class, () -> OnnxAffectModel.open(dir.resolve("nope.onnx"), CPU));
    assertTrue(missing.getMessage().startsWith("no such model file"));
  }

  private ModelException refuse(TinyModels.Spec spec) throws Exception {
    Path file = TinyModels.write(dir.resolve("bad.onnx"), spec);
    ModelException e = assertThrows(ModelException.class, () -> OnnxAffectModel.open(file, CPU));
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    return e;
  }
}
