package io.affectanalyzer.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.affectanalyzer.runtime.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchLoaderTest {
  private static final float[] HALF = {0.5f, 0.5f, 0.5f};
  @TempDir Path dir;

  private static List<Sample> mixed() {
    List<Sample> fer =
        ClassFolderReader.read(SharedData.require("fer2013/test"), LabelMap.fer2013())
            .subList(0, 6);
    List<Sample> ck =
        CkPlusReader.read(SharedData.require("ckplus/labels.csv")).stream()
            .map(CkPlusReader.Row::sample)
            .limit(4)
            .toList();
    return MixedDataset.of(List.of(fer, ck)).samples();
  }

  @Test
  void shouldBuildNchwImagesAndMaskedLabelTensors() {
    List<Sample> samples = mixed();
    var loader =
        new BatchLoader(
            samples, new FaceTransform(32, HALF, HALF, Augmentation.none()), 10, false, 1);
    try (NDManager m = NDManager.newBaseManager()) {
      Batch b = loader.batch(m, 0, 0);
      assertEquals(new Shape(10, 3, 32, 32), b.images().getShape());
      assertEquals(DataType.FLOAT32, b.images().getDataType());
      assertEquals(DataType.INT64, b.labels().get(0).getDataType());
      assertEquals(new Shape(10, 12), b.labels().get(1).getShape());
      assertEquals(new Shape(10, 2), b.labels().get(2).getShape());
      // FER rows carry no AU label, CK+ rows do; no row has VA.
      float[] au = b.labels().get(1).toFloatArray();
      assertEquals(-1f, au[0]);
      assertTrue(au[6 * 12 + 2] == 0f || au[6 * 12 + 2] == 1f);
      for (float v : b.labels().get(2).toFloatArray()) {
        assertEquals(-5f, v);
      }
      // Greyscale faces become three equal channels, normalised to [-1, 1].
      NDArray first = b.images().get(0);
      assertArrayEquals(first.get(0).toFloatArray(), first.get(2).toFloatArray(), 0f);
      assertTrue(b.images().max().getFloat() <= 1f && b.images().min().getFloat() >= -1f);
    }
  }

  @Test
  void shouldRepeatAugmentedBatchesForTheSameSeedAndEpoch() {
    List<Sample> samples = mixed();
    Augmentation heavy = new Augmentation(0.3, 0.5, 1.0, 0.4, 0.4, 0.4, 0.2, 0, 0);
    var t = new FaceTransform(32, HALF, HALF, heavy);
    var a = new BatchLoader(samples, t, 4, true, 42);
    var b = new BatchLoader(samples, t, 4, true, 42);
    assertEquals(2, a.batchesPerEpoch()); // 10 samples, last partial batch dropped
    try (NDManager m = NDManager.newBaseManager()) {
      float[] x = a.batch(m, 3, 1).images().toFloatArray();
      assertArrayEquals(x, b.batch(m, 3, 1).images().toFloatArray(), 0f);
      assertFalse(java.util.Arrays.equals(x, a.batch(m, 4, 1).images().toFloatArray()));
    }
  }

  @Test
  void shouldNameAnUnreadableImage() throws Exception {
    Path bad = Files.writeString(dir.resolve("broken.jpg"), "not a jpeg");
    List<Sample> samples = new ArrayList<>(List.of(new Sample(bad, AffectLabels.ofExpression(0))));
    var loader =
        new BatchLoader(
            samples, new FaceTransform(16, HALF, HALF, Augmentation.none()), 1, false, 1);
    try (NDManager m = NDManager.newBaseManager()) {
      var e = assertThrows(DataFormatException.class, () -> loader.batch(m, 0, 0));
      assertEquals(bad + ": not an image format javax.imageio can read", e.getMessage());
    }
  }
}
