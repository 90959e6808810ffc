package io.affectanalyzer.train.dan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DanTest {
  private NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
    Engine.getInstance().setRandomSeed(3);
  }

  @AfterEach
  void close() {
    manager.close();
  }

  private Dan dan(DanConfig config, int batch) {
    Dan dan = Dan.builder().setConfig(config).build();
    int s = config.inputSize();
    dan.initialize(manager, DataType.FLOAT32, new Shape(batch, 3, s, s));
    return dan;
  }

  @Test
  void shouldRunForwardAndBackwardOnEveryPresetWithTheDocumentedMapSize() {
    List<DanConfig> presets =
        List.of(
            DanConfig.danMicroAt48(8),
            DanConfig.danResNet18At64(8),
            DanConfig.danResNet18At112(8),
            DanConfig.danResNet18At224(8));
    List<Integer> mapSides = List.of(6, 8, 7, 7);
    for (int i = 0; i < presets.size(); i++) {
      DanConfig config = presets.get(i);
      assertEquals(mapSides.get(i), config.featureSize(), config.name());
      Dan dan = dan(config, 2); // BatchNorm1d needs two samples in training
      ParameterStore ps = new ParameterStore(manager, false);
      int s = config.inputSize();
      NDArray x = manager.randomNormal(new Shape(2, 3, s, s));
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray out = dan.forward(ps, new NDList(x), true).singletonOrThrow();
        assertEquals(new Shape(2, 8), out.getShape(), config.name());
        gc.backward(out.mul(manager.randomNormal(out.getShape())).sum());
      }
      Map<String, Parameter> params = ParameterNames.of(dan);
      for (String name :
          List.of(
              "trunk.stem.conv.weight",
              "trunk.layer4.1.conv2.conv.weight",
              "heads.3.conv1x3.conv.weight",
              "heads.0.fc2.weight",
              "fc.weight")) {
        NDArray grad = params.get(name).getArray().getGradient();
        assertTrue(grad.abs().sum().getFloat() > 0, config.name() + ": no gradient at " + name);
      }
      NDArray map =
          dan.getChildren().get(0).getValue().forward(ps, new NDList(x), false).singletonOrThrow();
      int side = mapSides.get(i);
      assertEquals(new Shape(2, config.featureWidth(), side, side), map.getShape(), config.name());
    }
  }

  @Test
  void shouldLeaveBatchNormStatisticsAloneInInference() {
    Dan dan = dan(DanConfig.danMicroAt48(8), 4);
    ParameterStore ps = new ParameterStore(manager, false);
    Parameter running = ParameterNames.of(dan).get("trunk.stem.bn.runningMean");
    NDArray x = manager.randomNormal(new Shape(4, 3, 48, 48)).add(2f);
    float[] before = running.getArray().toFloatArray();
    NDArray a = dan.forward(ps, new NDList(x), false).singletonOrThrow();
    assertArrayEquals(before, running.getArray().toFloatArray(), 0f);
    NDArray b = dan.forward(ps, new NDList(x), false).singletonOrThrow();
    assertArrayEquals(a.toFloatArray(), b.toFloatArray(), 0f);
    dan.forward(ps, new NDList(x), true);
    assertNotEquals(0f, running.getArray().sub(manager.create(before)).abs().sum().getFloat());
  }
}
