package io.affectanalyzer.train.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.affectanalyzer.runtime.model.ModelContract;
import io.affectanalyzer.runtime.testing.SharedData;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * A minimal test-side reader of the real CK+ faces in {@code ../shared/data/ckplus}: greyscale 48
 * px PNGs replicated to 3 channels and normalised with mean = std = 0.5, labels in the fixed layout
 * {@code NDList(expr int64 [N], au float [N, 12], va float [N, 2])}. Valence is a category prior
 * from the polarity column (+0.7 / -0.7 / 0); arousal has no label (-5).
 */
public final class CkPlusFaces {
  private static final Map<String, Integer> EXPRESSION =
      Map.of(
          "anger",
          1,
          "disgust",
          2,
          "fear",
          3,
          "happy",
          4,
          "sadness",
          5,
          "surprise",
          6,
          "contempt",
          7);

  private CkPlusFaces() {}

  /** Images {@code [N, 3, 48, 48]} and labels of {@code count} faces spread evenly over the set. */
  public static NDList load(NDManager manager, int count) {
    Path dir = SharedData.require("ckplus/labels.csv").getParent();
    try {
      List<String> lines = Files.readAllLines(dir.resolve("labels.csv"));
      List<String> header = Arrays.asList(lines.get(0).split(","));
      List<String> rows = lines.subList(1, lines.size());
      int folder = header.indexOf("ckplus48_folder");
      int polarity = header.indexOf("valence_polarity");
      int[] auColumns = ModelContract.AU_NAMES.stream().mapToInt(header::indexOf).toArray();
      int side = 48;
      float[] pixels = new float[count * 3 * side * side];
      long[] expr = new long[count];
      float[] au = new float[count * 12];
      float[] va = new float[count * 2];
      for (int i = 0; i < count; i++) {
        String[] f = rows.get(i * rows.size() / count).split(",");
        BufferedImage image = ImageIO.read(dir.resolve(f[0]).toFile());
        if (image.getWidth() != side || image.getHeight() != side) {
          throw new IllegalStateException(f[0] + " is not " + side + " px");
        }
        for (int y = 0; y < side; y++) {
          for (int x = 0; x < side; x++) {
            float v = ((image.getRGB(x, y) & 0xff) / 255f - 0.5f) / 0.5f;
            for (int c = 0; c < 3; c++) {
              pixels[((i * 3 + c) * side + y) * side + x] = v;
            }
          }
        }
        expr[i] = EXPRESSION.get(f[folder]);
        for (int k = 0; k < 12; k++) {
          au[i * 12 + k] = Float.parseFloat(f[auColumns[k]]);
        }
        va[i * 2] =
            switch (f[polarity]) {
              case "positive" -> 0.7f;
              case "negative" -> -0.7f;
              default -> 0f;
            };
        va[i * 2 + 1] = -5f;
      }
      NDArray images = manager.create(pixels, new Shape(count, 3, side, side));
      return new NDList(
          images,
          manager.create(expr),
          manager.create(au, new Shape(count, 12)),
          manager.create(va, new Shape(count, 2)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Share of rows whose arg-max over {@code scores [N, C]} equals {@code labels [N]}. */
  public static double accuracy(NDArray scores, NDArray labels) {
    long[] predicted = scores.argMax(1).toLongArray();
    long[] truth = labels.toLongArray();
    int hits = 0;
    for (int i = 0; i < truth.length; i++) {
      hits += predicted[i] == truth[i] ? 1 : 0;
    }
    return hits / (double) truth.length;
  }
}
