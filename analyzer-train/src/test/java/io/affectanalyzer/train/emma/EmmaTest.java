package io.affectanalyzer.train.emma;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import io.affectanalyzer.train.dan.DanConfig;
import io.affectanalyzer.train.nn.ParameterNames;
import io.affectanalyzer.train.vit.VitConfig;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EmmaTest {
  private NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
    Engine.getInstance().setRandomSeed(5);
  }

  @AfterEach
  void close() {
    manager.close();
  }

  private Emma emma(VitConfig vit, DanConfig dan, int batch) {
    Emma emma = Emma.builder().setVitConfig(vit).setDanConfig(dan).build();
    int s = vit.inputSize();
    emma.initialize(manager, DataType.FLOAT32, new Shape(batch, 3, s, s));
    return emma;
  }

  /** Sets the frozen DAN's BatchNorm statistics as pretraining would. */
  static void calibrate(Emma emma, ParameterStore ps, NDArray images) {
    for (int i = 0; i < 10; i++) {
      try (NDManager pass = images.getManager().newSubManager()) {
        NDArray x = images.duplicate();
        x.attach(pass);
        emma.dan().forward(ps, new NDList(x), true);
      }
    }
  }

  private static float gradSum(Parameter p) {
    return p.getArray().getGradient().abs().sum().getFloat();
  }

  @Test
  void shouldGiveExpressionAuAndBoundedVaOutputs() {
    for (VitConfig vit : new VitConfig[] {VitConfig.vitMicro8At48(), VitConfig.vitTiny8At64()}) {
      DanConfig dan = new DanConfig("dan-test", 8, 4, 8, DanConfig.Stem.STRIDE1, vit.inputSize());
      Emma emma = emma(vit, dan, 2);
      int s = vit.inputSize();
      ParameterStore ps = new ParameterStore(manager, false);
      NDList out;
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        out = emma.forward(ps, new NDList(manager.randomNormal(new Shape(2, 3, s, s))), true);
        gc.backward(out.get(0).sum().add(out.get(1).sum()));
      }
      assertEquals(new Shape(2, 8), out.get(0).getShape());
      assertEquals(new Shape(2, 12), out.get(1).getShape());
      assertEquals(new Shape(2, 2), out.get(2).getShape());
      assertTrue(out.get(2).abs().max().getFloat() <= 1f);
      assertTrue(gradSum(ParameterNames.of(emma).get("vit.blocks.0.attn.qkv.weight")) > 0);
    }
  }

  @Test
  void shouldTrainOnlyTheVaLayersFromTheVaOutputAndNeverTheDan() {
    Emma emma = emma(VitConfig.vitMicro8At48(), DanConfig.danMicroAt48(8), 4);
    Map<String, Parameter> params = ParameterNames.of(emma);
    params.forEach(
        (name, p) -> {
          if (name.startsWith("dan.")) {
            assertFalse(p.requiresGradient(), name + " is not frozen");
          }
        });
    ParameterStore ps = new ParameterStore(manager, false);
    NDArray x = manager.randomNormal(new Shape(4, 3, 48, 48)).add(1f);
    // An untrained DAN's logits are large enough to saturate the tanh (zero gradient); a zero
    // output scale keeps the VA inputs to the ViT's logits, which is what this test is about.
    params.get("dan.bn.gamma").getArray().set(new float[8]);
    Parameter running = params.get("dan.trunk.stem.bn.runningMean");
    float[] before = running.getArray().toFloatArray();
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDList out = emma.forward(ps, new NDList(x), true);
      gc.backward(out.get(2).square().sum());
    }
    assertTrue(gradSum(params.get("vaHead.fc1.weight")) > 0);
    assertEquals(0f, gradSum(params.get("vit.blocks.1.mlp.fc2.weight")), 0f);
    assertEquals(0f, gradSum(params.get("head.fc2.weight")), 0f);
    assertArrayEquals(before, running.getArray().toFloatArray(), 0f, "DAN statistics drifted");
  }

  @Test
  void shouldRefuseADanOfAnotherInputSize() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Emma.builder()
                .setVitConfig(VitConfig.vitTiny8At64())
                .setDanConfig(DanConfig.danMicroAt48(8))
                .build());
  }
}
