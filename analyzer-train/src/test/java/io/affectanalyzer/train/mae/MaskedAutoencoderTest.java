package io.affectanalyzer.train.mae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.affectanalyzer.train.nn.ParameterNames;
import io.affectanalyzer.train.vit.VisionTransformer;
import io.affectanalyzer.train.vit.VitConfig;
import io.affectanalyzer.train.vit.WeightTransfer;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MaskedAutoencoderTest {
  private static final VitConfig CONFIG = VitConfig.vitMicro8At48(); // 36 patches of 8 x 8
  private NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
    Engine.getInstance().setRandomSeed(11);
  }

  @AfterEach
  void close() {
    manager.close();
  }

  private MaskedAutoencoder mae(boolean normPix) {
    return mae(CONFIG, normPix);
  }

  private MaskedAutoencoder mae(VitConfig config, boolean normPix) {
    MaskedAutoencoder mae =
        MaskedAutoencoder.builder()
            .setConfig(config)
            .optDecoderWidth(32)
            .optDecoderDepth(1)
            .optDecoderHeads(2)
            .optNormPixLoss(normPix)
            .build();
    mae.initialize(manager, DataType.FLOAT32, new Shape(2, 3, 48, 48));
    return mae;
  }

  @Test
  void shouldReconstructAllPatchesAndHideThreeQuartersOfThem() {
    MaskedAutoencoder mae = mae(true);
    ParameterStore ps = new ParameterStore(manager, false);
    NDArray images = manager.randomNormal(new Shape(2, 3, 48, 48));
    NDList out;
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      out = mae.forward(ps, new NDList(images), true);
      gc.backward(out.get(0));
    }
    assertEquals(new Shape(), out.get(0).getShape());
    assertEquals(new Shape(2, 36, 192), out.get(1).getShape());
    assertArrayEquals(new float[] {27f, 27f}, out.get(2).sum(new int[] {1}).toFloatArray(), 0f);
    Map<String, Parameter> params = ParameterNames.of(mae);
    assertTrue(
        params.get("blocks.0.attn.qkv.weight").getArray().getGradient().abs().sum().getFloat() > 0);
    assertTrue(params.get("maskToken").getArray().getGradient().abs().sum().getFloat() > 0);
    assertFalse(params.get("pos").requiresGradient(), "sin-cos positions are fixed");
  }

  @Test
  void shouldCountOnlyMaskedPatchesInTheLoss() {
    MaskedAutoencoder mae = mae(false);
    NDArray images = manager.randomNormal(new Shape(2, 3, 48, 48));
    NDArray target = mae.patchify(images);
    NDArray mask = manager.zeros(new Shape(2, 36));
    mask.set(new ai.djl.ndarray.index.NDIndex(":, :9"), 1f);
    NDArray visible = mask.neg().add(1f).expandDims(2);
    // Exact at hidden patches, far off at visible ones: the loss must not see the error.
    NDArray pred = target.add(visible.mul(100f));
    assertEquals(0f, mae.loss(images, pred, mask).getFloat(), 0f);
    NDArray offHidden = target.add(mask.expandDims(2).mul(2f));
    assertEquals(4f, mae.loss(images, offHidden, mask).getFloat(), 1e-5);
  }

  @Test
  void shouldNormalisePixelsPerPatchWithNormPix() {
    MaskedAutoencoder mae = mae(true);
    NDArray images = manager.randomUniform(0f, 5f, new Shape(2, 3, 48, 48));
    NDArray mask = manager.ones(new Shape(2, 36));
    NDArray raw = mae.patchify(images);
    NDArray mean = raw.mean(new int[] {2}, true);
    NDArray std = raw.sub(mean).square().sum(new int[] {2}, true).div(191).add(1e-6f).sqrt();
    assertEquals(0f, mae.loss(images, raw.sub(mean).div(std), mask).getFloat(), 1e-6);
    assertNotEquals(0f, mae.loss(images, raw, mask).getFloat());
  }

  @Test
  void shouldLoadItsEncoderIntoAVitUnderTheSameNames() {
    assertEncoderLoads(mae(true), CONFIG);
  }

  @Test
  void shouldLoadAConvStemEncoderWithItsBatchNormStatistics() {
    VitConfig stem = CONFIG.withConvStem(16);
    MaskedAutoencoder mae = mae(stem, true);
    // a training step moves the stem's running statistics off their initial values
    NDArray images = manager.randomUniform(-1f, 1f, new Shape(2, 3, 48, 48));
    mae.forward(new ParameterStore(manager, false), new NDList(images), true);
    NDArray running = ParameterNames.of(mae).get("patchEmbed.stem.1.bn.runningMean").getArray();
    assertNotEquals(0f, running.abs().sum().getFloat());
    assertEncoderLoads(mae, stem);
  }

  private void assertEncoderLoads(MaskedAutoencoder mae, VitConfig config) {
    VisionTransformer vit = VisionTransformer.builder().setConfig(config).optNumClasses(8).build();
    vit.initialize(manager, DataType.FLOAT32, new Shape(2, 3, 48, 48));
    List<String> encoder =
        ParameterNames.of(mae).keySet().stream()
            .filter(WeightTransfer::isEncoderName)
            .collect(Collectors.toList());
    WeightTransfer.Report report = WeightTransfer.encoderIntoVit(mae, vit);
    assertEquals(encoder, report.copied());
    assertEquals(List.of("head.weight", "head.bias"), report.untouched());
    Map<String, Parameter> m = ParameterNames.of(mae);
    Map<String, Parameter> v = ParameterNames.of(vit);
    for (String name : encoder) {
      assertArrayEquals(
          m.get(name).getArray().toFloatArray(), v.get(name).getArray().toFloatArray(), 0f, name);
    }
  }
}
