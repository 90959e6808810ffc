package io.affectanalyzer.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharpnessCheckTest {
  @TempDir Path dir;

  private final FaceTransform view =
      new FaceTransform(
          48, new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.5f, 0.5f, 0.5f}, Augmentation.none());

  /** Random-blob "faces" written as PNG: fine detail at every scale. */
  private List<Sample> faces(String name, int count) throws Exception {
    Random random = new Random(name.hashCode());
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      BufferedImage image = new BufferedImage(48, 48, BufferedImage.TYPE_BYTE_GRAY);
      for (int y = 0; y < 48; y++) {
        for (int x = 0; x < 48; x++) {
          image.getRaster().setSample(x, y, 0, 64 + random.nextInt(128));
        }
      }
      Path file = dir.resolve(name + i + ".png");
      ImageIO.write(image, "png", file.toFile());
      samples.add(new Sample(file, AffectLabels.ofExpression(0)));
    }
    return samples;
  }

  @Test
  void shouldNameTheBlurredSourceAndTheSharpOneItDiffersFrom() throws Exception {
    List<Sample> sharp = faces("sharp", 5);
    List<Sample> blurred = faces("soft", 5).stream().map(s -> s.withBlur(3.0)).toList();
    Map<String, Double> bySource = new LinkedHashMap<>();
    bySource.put("train 1: folder a/train", SharpnessCheck.sharpness(blurred, view, 64));
    bySource.put("val 1: folder a/test", SharpnessCheck.sharpness(sharp, view, 64));
    List<String> lines = SharpnessCheck.mismatches(bySource);
    assertEquals(1, lines.size(), lines.toString());
    assertTrue(lines.get(0).startsWith("train 1: folder a/train is "), lines.get(0));
    assertTrue(lines.get(0).contains("blurrier than val 1: folder a/test"), lines.get(0));
  }

  @Test
  void shouldSayNothingWhenSourcesAreAlikeOrBothBlurredTheSameWay() throws Exception {
    Map<String, Double> alike = new LinkedHashMap<>();
    alike.put("a", SharpnessCheck.sharpness(faces("a", 5), view, 64));
    alike.put("b", SharpnessCheck.sharpness(faces("b", 5), view, 64));
    assertEquals(List.of(), SharpnessCheck.mismatches(alike));
    Map<String, Double> bothSoft = new LinkedHashMap<>();
    bothSoft.put(
        "a",
        SharpnessCheck.sharpness(
            faces("c", 5).stream().map(s -> s.withBlur(3)).toList(), view, 64));
    bothSoft.put(
        "b",
        SharpnessCheck.sharpness(
            faces("d", 5).stream().map(s -> s.withBlur(3)).toList(), view, 64));
    assertEquals(List.of(), SharpnessCheck.mismatches(bothSoft));
  }

  /**
   * ../shared's FER2013 splits are both the original sharp faces: the check stays quiet on them and
   * still names a copy of the test split blurred as the old training copy was (sigma 3 at 48 px).
   */
  @Test
  void shouldFindTheSharedFer2013SplitsAlikeAndABlurredCopyFarBlurrier() {
    Path fer = io.affectanalyzer.runtime.testing.SharedData.require("fer2013");
    Map<String, Double> bySource = new LinkedHashMap<>();
    bySource.put("train", sharpness(fer.resolve("train"), 0));
    bySource.put("test", sharpness(fer.resolve("test"), 0));
    double ratio = bySource.get("train") / bySource.get("test");
    assertTrue(ratio > 0.5 && ratio < 2, "train and test within 2x: " + bySource);
    assertEquals(List.of(), SharpnessCheck.mismatches(bySource));
    bySource.put("test blurred by 3", sharpness(fer.resolve("test"), 3));
    List<String> lines = SharpnessCheck.mismatches(bySource);
    assertEquals(1, lines.size(), lines.toString());
    assertTrue(lines.get(0).startsWith("test blurred by 3 is "), lines.get(0));
    assertTrue(bySource.get("test blurred by 3") < bySource.get("test") / 20, bySource.toString());
  }

  private double sharpness(Path folder, double blur) {
    List<Sample> samples =
        ClassFolderReader.read(folder, LabelMap.fer2013()).stream()
            .map(s -> s.withBlur(blur))
            .toList();
    return SharpnessCheck.sharpness(samples, view, 100);
  }
}
