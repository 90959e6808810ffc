package io.affectanalyzer.train.export;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.affectanalyzer.train.eval.OnnxRunner;
import io.affectanalyzer.train.vit.VisionTransformer;
import io.affectanalyzer.train.vit.VitConfig;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VitOnnxTest {
  private final NDManager manager = NDManager.newBaseManager();

  @AfterEach
  void close() {
    manager.close();
  }

  @Test
  void shouldMatchDjlForwardOnRealFacesAtBatchOneAndSeven() throws Exception {
    assertParity(VitConfig.vitMicro8At48(), false);
  }

  @Test
  void shouldMatchDjlForwardThroughAConvStemOnItsRunningStatistics() throws Exception {
    assertParity(VitConfig.vitMicro8At48().withConvStem(16), true);
  }

  @Test
  void shouldMatchDjlForwardThroughAResNetTrunkOnItsRunningStatistics() throws Exception {
    assertParity(VitConfig.vitMicro8At48().withResNetTrunk(8), true);
  }

  private void assertParity(VitConfig c, boolean calibrate) throws Exception {
    VisionTransformer vit = VisionTransformer.builder().setConfig(c).optNumClasses(8).build();
    vit.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 48, 48));
    ParityFixtures.perturb(vit, manager);
    if (calibrate) {
      ParityFixtures.calibrateBatchNorm(vit, manager, ParityFixtures.ckplusFaces(7, 48), 7, 48, 3);
    }

    OnnxGraph g = new OnnxGraph("vit", false);
    OnnxLayers l = new OnnxLayers(g, BlockParameters.of(vit));
    g.output("y", VitOnnx.logits(l, g.input("x", -1, 3, 48, 48), c, ""), -1, 8);

    float[] faces = ParityFixtures.ckplusFaces(7, 48);
    try (OnnxRunner runner = OnnxRunner.open(g.build(Map.of()).toByteArray(), 2)) {
      for (int n : new int[] {1, 7}) {
        float[] batch = Arrays.copyOf(faces, n * 3 * 48 * 48);
        NDArray x = manager.create(batch, new Shape(n, 3, 48, 48));
        float[] expected =
            vit.forward(new ParameterStore(manager, false), new NDList(x), false)
                .singletonOrThrow()
                .toFloatArray();
        float[][] actual = runner.run("x", batch, n, 3, 48, 48).get("y");
        float diff = ParityFixtures.maxAbsDiff(expected, actual);
        assertTrue(diff < 1e-4, "batch " + n + ": max abs diff " + diff);
        System.out.printf("ViT %s batch %d: max abs diff %.2e%n", c.name(), n, diff);
      }
    }
  }
}
