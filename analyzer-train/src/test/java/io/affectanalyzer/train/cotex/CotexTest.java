package io.affectanalyzer.train.cotex;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.affectanalyzer.train.nn.ParameterNames;
import io.affectanalyzer.train.vit.VitConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CotexTest {
  private NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
    Engine.getInstance().setRandomSeed(9);
  }

  @AfterEach
  void close() {
    manager.close();
  }

  private Cotex cotex(float ratio) {
    Cotex cotex =
        Cotex.builder()
            .setConfig(VitConfig.vitMicro8At48())
            .optNumClasses(6)
            .optTokenDropRatio(ratio)
            .build();
    cotex.initialize(manager, DataType.FLOAT32, new Shape(2, 3, 48, 48));
    return cotex;
  }

  @Test
  void shouldStartBothViewsFromTheSameWeights() {
    Cotex cotex = cotex(0.75f);
    var one = ParameterNames.of(cotex.vit1());
    var two = ParameterNames.of(cotex.vit2());
    one.forEach(
        (name, p) ->
            assertArrayEquals(
                p.getArray().toFloatArray(), two.get(name).getArray().toFloatArray(), 0f, name));
  }

  @Test
  void shouldDropIndependentTokensPerViewInTraining() {
    Cotex cotex = cotex(0.75f);
    ParameterStore ps = new ParameterStore(manager, false);
    NDArray x = manager.randomNormal(new Shape(2, 3, 48, 48));
    NDList out;
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      out = cotex.forward(ps, new NDList(x), true);
      gc.backward(out.get(0).sum().add(out.get(1).square().sum()));
    }
    assertEquals(2, out.size());
    assertEquals(new Shape(2, 6), out.get(0).getShape());
    // Same weights, same images: only different masks can make the views disagree.
    assertNotEquals(0f, out.get(0).sub(out.get(1)).abs().max().getFloat());
    float g = cotex.vit2().positionEmbedding().getArray().getGradient().abs().sum().getFloat();
    assertNotEquals(0f, g);
  }

  @Test
  void shouldAgreeExactlyWithoutDroppingAndAverageProbabilitiesInInference() {
    Cotex cotex = cotex(0f);
    ParameterStore ps = new ParameterStore(manager, false);
    NDArray x = manager.randomNormal(new Shape(2, 3, 48, 48));
    NDList train = cotex.forward(ps, new NDList(x), true);
    assertArrayEquals(train.get(0).toFloatArray(), train.get(1).toFloatArray(), 0f);
    NDList infer = cotex.forward(ps, new NDList(x), false);
    assertEquals(1, infer.size());
    assertArrayEquals(new float[] {1f, 1f}, infer.get(0).sum(new int[] {1}).toFloatArray(), 1e-6f);
    assertArrayEquals(train.get(0).softmax(1).toFloatArray(), infer.get(0).toFloatArray(), 1e-6f);
  }
}
