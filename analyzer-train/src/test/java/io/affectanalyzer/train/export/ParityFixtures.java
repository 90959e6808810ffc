package io.affectanalyzer.train.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import io.affectanalyzer.runtime.testing.SharedData;
import io.affectanalyzer.train.data.Augmentation;
import io.affectanalyzer.train.data.FaceTransform;
import io.affectanalyzer.train.data.ImageDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Real inputs and perturbed parameters for export parity tests. */
final class ParityFixtures {
  static final float[] MEAN = {0.485f, 0.456f, 0.406f};
  static final float[] STD = {0.229f, 0.224f, 0.225f};

  private ParityFixtures() {}

  /** {@code count} CK+ faces, one from each class folder in turn, as a normalised batch. */
  static float[] ckplusFaces(int count, int size) throws IOException {
    Path root = SharedData.require("ckplus/CK+48");
    List<Path> files;
    try (Stream<Path> all = Files.walk(root)) {
      List<Path> sorted = all.filter(p -> p.toString().endsWith(".png")).sorted().toList();
      int step = Math.max(1, sorted.size() / count);
      files =
          java.util.stream.IntStream.range(0, count).mapToObj(i -> sorted.get(i * step)).toList();
    }
    FaceTransform transform = new FaceTransform(size, MEAN, STD, Augmentation.none());
    int each = 3 * size * size;
    float[] batch = new float[files.size() * each];
    for (int i = 0; i < files.size(); i++) {
      System.arraycopy(
          transform.evaluate(ImageDecoder.decodeRgb(files.get(i))), 0, batch, i * each, each);
    }
    return batch;
  }

  /**
   * Moves every parameter off its initial value (norm gammas off 1, betas and biases off 0, running
   * variances off 1) so that a swapped or ignored weight shows in the outputs.
   */
  static void perturb(Block block, NDManager manager) {
    for (Parameter p : block.getParameters().values()) {
      NDArray a = p.getArray();
      NDArray noise = manager.randomNormal(0f, 0.05f, a.getShape(), a.getDataType());
      if (p.getName().equals("runningVar")) {
        a.set(a.add(noise.abs().mul(4)).toFloatArray());
      } else {
        a.set(a.add(noise).toFloatArray());
      }
    }
  }

  /**
   * Runs training-mode forwards on real faces so every BatchNorm's running statistics describe real
   * activations, as in a trained model (random statistics let activations grow to 1e5, where an
   * absolute tolerance says nothing).
   */
  static void calibrateBatchNorm(
      Block block, NDManager manager, float[] faces, int n, int size, int passes) {
    NDArray x = manager.create(faces, new ai.djl.ndarray.types.Shape(n, 3, size, size));
    for (int i = 0; i < passes; i++) {
      try (NDManager scope = manager.newSubManager()) {
        NDArray in = x.duplicate();
        in.attach(scope);
        block.forward(
            new ai.djl.training.ParameterStore(scope, false), new ai.djl.ndarray.NDList(in), true);
      }
    }
  }

  static float maxAbsDiff(float[] expected, float[][] rows) {
    int k = 0;
    float max = 0;
    for (float[] row : rows) {
      for (float v : row) {
        max = Math.max(max, Math.abs(v - expected[k++]));
      }
    }
    assertEquals(expected.length, k, "element count");
    return max;
  }
}
