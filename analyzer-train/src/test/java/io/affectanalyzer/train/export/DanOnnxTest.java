package io.affectanalyzer.train.export;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.affectanalyzer.train.dan.Dan;
import io.affectanalyzer.train.dan.DanConfig;
import io.affectanalyzer.train.eval.OnnxRunner;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DanOnnxTest {
  private final NDManager manager = NDManager.newBaseManager();

  @AfterEach
  void close() {
    manager.close();
  }

  private void assertParity(DanConfig c) throws Exception {
    int s = c.inputSize();
    Dan dan = Dan.builder().setConfig(c).build();
    dan.initialize(manager, DataType.FLOAT32, new Shape(1, 3, s, s));
    ParityFixtures.perturb(dan, manager);
    float[] faces = ParityFixtures.ckplusFaces(7, s);
    ParityFixtures.calibrateBatchNorm(dan, manager, faces, 7, s, 30);

    OnnxGraph g = new OnnxGraph("dan", false);
    OnnxLayers l = new OnnxLayers(g, BlockParameters.of(dan));
    g.output("y", DanOnnx.logits(l, g.input("x", -1, 3, s, s), c, ""), -1, c.numClasses());

    try (OnnxRunner runner = OnnxRunner.open(g.build(Map.of()).toByteArray(), 2)) {
      for (int n : new int[] {1, 7}) {
        float[] batch = Arrays.copyOf(faces, n * 3 * s * s);
        NDArray x = manager.create(batch, new Shape(n, 3, s, s));
        float[] expected =
            dan.forward(new ParameterStore(manager, false), new NDList(x), false)
                .singletonOrThrow()
                .toFloatArray();
        float diff =
            ParityFixtures.maxAbsDiff(expected, runner.run("x", batch, n, 3, s, s).get("y"));
        System.out.printf("DAN %s batch %d: max abs diff %.2e%n", c.name(), n, diff);
        assertTrue(diff < 1e-4, c.name() + " batch " + n + ": max abs diff " + diff);
      }
    }
  }

  // The small-input stem is covered through ModelExporterTest's DAN export.
  @Test
  void shouldMatchDjlForwardWithTheImagenetStemAndMaxPool() throws Exception {
    // Width 8 at 64 px keeps the ImageNet stem path (7x7 conv, max-pool) cheap.
    assertParity(new DanConfig("dan-micro-imagenet-64", 7, 2, 8, DanConfig.Stem.IMAGENET, 64));
  }
}
