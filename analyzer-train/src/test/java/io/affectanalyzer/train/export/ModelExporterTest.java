package io.affectanalyzer.train.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.onnx.proto.OnnxMl.ModelProto;
import io.affectanalyzer.runtime.model.ModelContract;
import io.affectanalyzer.train.cotex.Cotex;
import io.affectanalyzer.train.dan.Dan;
import io.affectanalyzer.train.dan.DanConfig;
import io.affectanalyzer.train.emma.Emma;
import io.affectanalyzer.train.eval.OnnxRunner;
import io.affectanalyzer.train.vit.VitConfig;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Export parity: ONNX Runtime's outputs of each exported kind against DJL's inference forward on
 * the same real CK+ faces, at batch 1 and 7, fp32 (1e-4) and fp16 weights (looser, below).
 */
class ModelExporterTest {
  /**
   * fp16 weights carry 11 significant bits; through a whole micro EMMA (ViT, DAN, VA head on their
   * 28 logits) probabilities and VA moved by up to 4e-2 (seed 7: about 1e-2), hence 5e-2.
   */
  static final float FP16_TOLERANCE = 5e-2f;

  private static final int S = 48;
  private final NDManager manager = NDManager.newBaseManager();

  @AfterEach
  void close() {
    manager.close();
  }

  private float[] faces;

  private Block prepare(Block model) throws Exception {
    ai.djl.engine.Engine.getInstance().setRandomSeed(7);
    model.initialize(manager, DataType.FLOAT32, new Shape(1, 3, S, S));
    ParityFixtures.perturb(model, manager);
    faces = ParityFixtures.ckplusFaces(7, S);
    // EMMA runs its frozen DAN in inference mode, so its statistics are calibrated on the DAN.
    Block withBatchNorm = model instanceof Emma emma ? emma.dan() : model;
    ParityFixtures.calibrateBatchNorm(withBatchNorm, manager, faces, 7, S, 30);
    return model;
  }

  private static ModelMetadata meta(Block model) {
    List<String> heads = ModelExporter.headsOf(model);
    return new ModelMetadata(
        ModelExporter.kindOf(model),
        ModelExporter.presetOf(model),
        ModelExporter.inputSizeOf(model),
        ParityFixtures.MEAN,
        ParityFixtures.STD,
        heads,
        heads.contains(ModelContract.VA)
            ? "au=ckplus-facs;expr=ckplus;va=category-prior"
            : "expr=ckplus",
        heads.contains(ModelContract.VA) ? "category-prior" : null,
        new ModelMetadata.Provenance("test", "ckplus", "none", "2026-12-01"),
        0,
        false,
        null,
        null,
        false,
        List.of());
  }

  /** DJL's contract outputs (probabilities) for the first {@code n} faces. */
  private Map<String, float[]> djl(Block model, int n) {
    NDArray x = manager.create(Arrays.copyOf(faces, n * 3 * S * S), new Shape(n, 3, S, S));
    NDList out = model.forward(new ParameterStore(manager, false), new NDList(x), false);
    Map<String, float[]> m = new LinkedHashMap<>();
    if (model instanceof Emma) {
      m.put(ModelContract.AU, ai.djl.nn.Activation.sigmoid(out.get(1)).toFloatArray());
      m.put(ModelContract.EXPR, out.get(0).softmax(1).toFloatArray());
      m.put(ModelContract.VA, out.get(2).toFloatArray());
    } else if (model instanceof Cotex) {
      m.put(ModelContract.EXPR, out.get(0).toFloatArray());
    } else {
      m.put(ModelContract.EXPR, out.get(0).softmax(1).toFloatArray());
    }
    return m;
  }

  private void assertParity(Block model) throws Exception {
    for (boolean fp16 : new boolean[] {false, true}) {
      ModelProto proto = ModelExporter.export(model, meta(model), fp16);
      try (OnnxRunner runner = OnnxRunner.open(proto.toByteArray(), 2)) {
        assertEquals(List.of(), ContractCheck.problems(runner));
        // fp32 at batch 1 and 7; fp16 (same graph, other weights' storage) at batch 7 only.
        for (int n : fp16 ? new int[] {7} : new int[] {1, 7}) {
          Map<String, float[][]> onnx =
              runner.run(ModelContract.INPUT, Arrays.copyOf(faces, n * 3 * S * S), n, 3, S, S);
          Map<String, float[]> expected = djl(model, n);
          assertEquals(expected.keySet(), onnx.keySet());
          if (expected.containsKey(ModelContract.VA)) {
            float[] va = expected.get(ModelContract.VA);
            float least = 1;
            for (float v : va) {
              least = Math.min(least, Math.abs(v));
            }
            assertTrue(least < 0.99f, "VA saturated: the comparison would say nothing");
          }
          for (String head : expected.keySet()) {
            float diff = ParityFixtures.maxAbsDiff(expected.get(head), onnx.get(head));
            System.out.printf(
                "%s %s fp16=%s batch %d: max abs diff %.2e (%d bytes)%n",
                ModelExporter.kindOf(model), head, fp16, n, diff, proto.getSerializedSize());
            assertTrue(
                diff < (fp16 ? FP16_TOLERANCE : 1e-4f),
                head + " fp16=" + fp16 + " batch " + n + ": " + diff);
          }
        }
      }
    }
  }

  @Test
  void shouldExportEmmaWithAllThreeHeadsMatchingDjl() throws Exception {
    assertParity(microEmma());
  }

  @Test
  void shouldExportCotexAsTheMeanOfBothViewsMatchingDjl() throws Exception {
    Cotex cotex = Cotex.builder().setConfig(VitConfig.vitMicro8At48()).build();
    prepare(cotex);
    // Both views start equal; make them differ so a graph that used one view twice would show.
    ParityFixtures.perturb(cotex.vit2(), manager);
    assertParity(cotex);
  }

  @Test
  void shouldExportDanAloneAsAnExpressionModelMatchingDjl() throws Exception {
    assertParity(prepare(Dan.builder().setConfig(DanConfig.danMicroAt48(8)).build()));
  }

  @Test
  void shouldApplyTheInputBlurInsideTheGraphAsGaussianBlurDoes() throws Exception {
    Block dan = prepare(Dan.builder().setConfig(DanConfig.danMicroAt48(8)).build());
    float[] sharp = faces.clone();
    ModelMetadata blurred = meta(dan).withInputBlur(3.0);
    assertEquals("3.0", blurred.toMap().get(ModelContract.META_INPUT_BLUR));
    float[][] withBlur;
    try (OnnxRunner runner =
        OnnxRunner.open(ModelExporter.export(dan, blurred, false).toByteArray(), 2)) {
      withBlur = runner.run(ModelContract.INPUT, sharp, 7, 3, S, S).get(ModelContract.EXPR);
    }
    // The same faces blurred in Java, through the graph without the filter.
    for (int i = 0; i < 7; i++) {
      float[] face = Arrays.copyOfRange(faces, i * 3 * S * S, (i + 1) * 3 * S * S);
      io.affectanalyzer.train.data.GaussianBlur.apply(face, 3, S, 3.0);
      System.arraycopy(face, 0, faces, i * 3 * S * S, face.length);
    }
    float[] expected = djl(dan, 7).get(ModelContract.EXPR);
    float diff = ParityFixtures.maxAbsDiff(expected, withBlur);
    assertTrue(diff < 1e-4f, "blur in the graph vs in Java: " + diff);
    // And the filter did something: the unblurred faces give other probabilities.
    faces = sharp;
    assertTrue(ParityFixtures.maxAbsDiff(djl(dan, 7).get(ModelContract.EXPR), withBlur) > 1e-3f);
  }

  @Test
  void shouldAverageEachFaceWithItsMirrorImageWhenAskedTo() throws Exception {
    Block emma = microEmma();
    ModelMetadata flipped = meta(emma).withFlipAverage(true);
    assertEquals("true", flipped.toMap().get(ModelContract.META_FLIP_AVERAGE));
    Map<String, float[][]> averaged;
    try (OnnxRunner runner =
        OnnxRunner.open(ModelExporter.export(emma, flipped, false).toByteArray(), 2)) {
      averaged = runner.run(ModelContract.INPUT, faces, 7, 3, S, S);
    }
    Map<String, float[]> straight = djl(emma, 7);
    float[] original = faces.clone();
    faces = mirrored(faces, 7);
    Map<String, float[]> mirror = djl(emma, 7);
    faces = original;
    for (String head : List.of(ModelContract.AU, ModelContract.EXPR, ModelContract.VA)) {
      float[] a = straight.get(head);
      float[] b = mirror.get(head);
      float[] mean = new float[a.length];
      for (int i = 0; i < a.length; i++) {
        mean[i] = (a[i] + b[i]) / 2;
      }
      float[][] rows = averaged.get(head);
      assertEquals(7, rows.length, head);
      float diff = ParityFixtures.maxAbsDiff(mean, rows);
      assertTrue(diff < 1e-4f, head + " is not the mean of both views: " + diff);
      // The mirror changed the answer, so the average is not the straight output by accident.
      assertTrue(
          ParityFixtures.maxAbsDiff(a, new float[][] {b}) > 1e-3f, head + " ignores the mirror");
    }
  }

  @Test
  void shouldAverageEmmasHeadWithItsDanAfterTheOffsetsWhenAsked() throws Exception {
    Emma emma = microEmma();
    float[] bias = BIAS;
    ModelMetadata fused = meta(emma).withExprBias(bias).withExprWithDan(true);
    assertEquals("true", fused.toMap().get(ModelContract.META_EXPR_WITH_DAN));
    float[][] onnx;
    try (OnnxRunner runner =
        OnnxRunner.open(ModelExporter.export(emma, fused, false).toByteArray(), 2)) {
      onnx = runner.run(ModelContract.INPUT, faces, 7, 3, S, S).get(ModelContract.EXPR);
    }
    NDArray x = manager.create(faces, new Shape(7, 3, S, S));
    NDList out = emma.forward(new ParameterStore(manager, false), new NDList(x), false);
    NDArray b = manager.create(bias);
    NDArray head = out.get(0).add(b).softmax(1);
    NDArray dan = out.get(3).add(b).softmax(1);
    float[] mean = head.add(dan).div(2).toFloatArray();
    assertTrue(ParityFixtures.maxAbsDiff(mean, onnx) < 1e-4f, "not the mean of both, offset");
    // Both members and the offsets matter: neither alone gives the fused output.
    assertTrue(ParityFixtures.maxAbsDiff(head.toFloatArray(), onnx) > 1e-3f);
    assertTrue(ParityFixtures.maxAbsDiff(dan.toFloatArray(), onnx) > 1e-3f);
    float[] plain = out.get(0).softmax(1).add(out.get(3).softmax(1)).div(2).toFloatArray();
    assertTrue(ParityFixtures.maxAbsDiff(plain, onnx) > 1e-3f);
  }

  @Test
  void shouldAverageCotexWithItsTeacherDanWhenAsked() throws Exception {
    Cotex cotex = (Cotex) prepare(Cotex.builder().setConfig(VitConfig.vitMicro8At48()).build());
    ParityFixtures.perturb(cotex.vit2(), manager);
    Dan teacher = (Dan) prepare(Dan.builder().setConfig(DanConfig.danMicroAt48(8)).build());
    ModelMetadata fused = meta(cotex).withExprWithDan(true);
    float[][] onnx;
    try (OnnxRunner runner =
        OnnxRunner.open(ModelExporter.export(cotex, teacher, fused, false).toByteArray(), 2)) {
      onnx = runner.run(ModelContract.INPUT, faces, 7, 3, S, S).get(ModelContract.EXPR);
    }
    NDArray x = manager.create(faces, new Shape(7, 3, S, S));
    ParameterStore ps = new ParameterStore(manager, false);
    NDArray student = cotex.forward(ps, new NDList(x), false).get(0); // mean of both views
    NDArray dan = teacher.forward(ps, new NDList(x), false).singletonOrThrow().softmax(1);
    float[] mean = student.add(dan).div(2).toFloatArray();
    assertTrue(ParityFixtures.maxAbsDiff(mean, onnx) < 1e-4f, "not the mean of CoTEX and DAN");
    assertTrue(ParityFixtures.maxAbsDiff(student.toFloatArray(), onnx) > 1e-3f);
    // Asking for the fusion without a teacher, or passing one without asking, is refused.
    assertThrows(
        IllegalArgumentException.class, () -> ModelExporter.export(cotex, null, fused, false));
    assertThrows(
        IllegalArgumentException.class,
        () -> ModelExporter.export(cotex, teacher, meta(cotex), false));
  }

  @Test
  void shouldAverageFurtherDansInEachWithTheModelsWeight() throws Exception {
    Emma emma = microEmma();
    Dan other = (Dan) prepare(Dan.builder().setConfig(DanConfig.danMicroAt48(8)).build());
    float[] bias = BIAS;
    ModelMetadata meta =
        meta(emma).withExprBias(bias).withExprWithDan(true).withExprEnsemble(List.of("b/e2"));
    assertEquals("b/e2", meta.toMap().get(ModelContract.META_EXPR_ENSEMBLE));
    Map<String, float[][]> onnx;
    try (OnnxRunner runner =
        OnnxRunner.open(
            ModelExporter.export(emma, null, List.of(other), meta, false).toByteArray(), 2)) {
      onnx = runner.run(ModelContract.INPUT, faces, 7, 3, S, S);
    }
    NDArray x = manager.create(faces, new Shape(7, 3, S, S));
    ParameterStore ps = new ParameterStore(manager, false);
    NDList out = emma.forward(ps, new NDList(x), false);
    NDArray b = manager.create(bias);
    NDArray head = out.get(0).add(b).softmax(1);
    NDArray dan = out.get(3).add(b).softmax(1);
    NDArray more = other.forward(ps, new NDList(x), false).singletonOrThrow().add(b).softmax(1);
    float[] third = head.add(dan).add(more).div(3).toFloatArray();
    float[][] expr = onnx.get(ModelContract.EXPR);
    assertTrue(ParityFixtures.maxAbsDiff(third, expr) < 1e-4f, "not the mean of all three");
    float[] half = head.add(dan).div(2).toFloatArray();
    assertTrue(ParityFixtures.maxAbsDiff(half, expr) > 1e-3f, "the further DAN left out");
    // The other heads are untouched.
    float[] au = ai.djl.nn.Activation.sigmoid(out.get(1)).toFloatArray();
    assertTrue(ParityFixtures.maxAbsDiff(au, onnx.get(ModelContract.AU)) < 1e-4f);
    assertTrue(
        ParityFixtures.maxAbsDiff(out.get(2).toFloatArray(), onnx.get(ModelContract.VA)) < 1e-4f);

    // CoTEX: its two views count as one member, beside its teacher and the further DAN.
    Cotex cotex = (Cotex) prepare(Cotex.builder().setConfig(VitConfig.vitMicro8At48()).build());
    Dan teacher = (Dan) prepare(Dan.builder().setConfig(DanConfig.danMicroAt48(8)).build());
    ModelMetadata cmeta = meta(cotex).withExprWithDan(true).withExprEnsemble(List.of("b/e2"));
    float[][] cexpr;
    try (OnnxRunner runner =
        OnnxRunner.open(
            ModelExporter.export(cotex, teacher, List.of(other), cmeta, false).toByteArray(), 2)) {
      cexpr = runner.run(ModelContract.INPUT, faces, 7, 3, S, S).get(ModelContract.EXPR);
    }
    NDArray student = cotex.forward(ps, new NDList(x), false).get(0);
    NDArray t = teacher.forward(ps, new NDList(x), false).singletonOrThrow().softmax(1);
    NDArray o = other.forward(ps, new NDList(x), false).singletonOrThrow().softmax(1);
    float[] cthird = student.add(t).add(o).div(3).toFloatArray();
    assertTrue(ParityFixtures.maxAbsDiff(cthird, cexpr) < 1e-4f, "not CoTEX, teacher, DAN alike");
    // A name without its DAN, or a DAN without its name, is refused.
    assertThrows(
        IllegalArgumentException.class,
        () -> ModelExporter.export(emma, null, List.of(), meta, false));
    assertThrows(
        IllegalArgumentException.class,
        () -> ModelExporter.export(emma, null, List.of(other), meta(emma), false));
  }

  /** Expression offsets far enough from zero to show in the outputs. */
  private static final float[] BIAS = {0.1f, 0.5f, 2.5f, 0.3f, 0f, 0.4f, 0.8f, 0f};

  private Emma microEmma() throws Exception {
    return (Emma)
        prepare(
            Emma.builder()
                .setVitConfig(VitConfig.vitMicro8At48())
                .setDanConfig(DanConfig.danMicroAt48(8))
                .build());
  }

  /** Faces {@code [n, 3, S, S]} with every row read right to left. */
  private static float[] mirrored(float[] x, int n) {
    float[] out = new float[x.length];
    for (int row = 0; row < n * 3 * S; row++) {
      for (int col = 0; col < S; col++) {
        out[row * S + col] = x[row * S + S - 1 - col];
      }
    }
    return out;
  }
}
