package io.affectanalyzer.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FaceTransformTest {
  private static final float[] ZERO = {0, 0, 0};
  private static final float[] ONE = {1, 1, 1};

  /** A white square: rotation shows as black corners, erasing as a mid-grey block. */
  private static BufferedImage white(int size) {
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        image.setRGB(x, y, 0xffffff);
      }
    }
    return image;
  }

  private static FaceTransform transform(Augmentation a) {
    return new FaceTransform(48, ZERO, ONE, a);
  }

  @Test
  void shouldLeaveTheFaceAsItIsWithoutAugmentation() {
    float[] out = transform(Augmentation.none()).augment(white(48), new Random(1));
    for (float v : out) {
      assertEquals(1f, v, 1e-6f);
    }
  }

  @Test
  void shouldTurnTheFaceSoItsCornersComeFromOutsideThePicture() {
    Augmentation turn = new Augmentation(1, 0, 0, 0, 0, 0, 0, 20, 0);
    int blackCorners = 0;
    Random random = new Random(3);
    for (int i = 0; i < 20; i++) {
      float[] out = transform(turn).augment(white(48), random);
      blackCorners += out[0] < 0.5f || out[47] < 0.5f ? 1 : 0;
      assertEquals(1f, out[24 * 48 + 24], 1e-3f, "the centre stays");
    }
    // Angles are drawn from [-20, 20]: all but the nearly straight ones blacken a top corner.
    assertTrue(blackCorners >= 15, blackCorners + " of 20 turned");
  }

  @Test
  void shouldGreyOutOneRectangleOfAtMostAFifthOfTheFace() {
    Augmentation erase = new Augmentation(1, 0, 0, 0, 0, 0, 0, 0, 1);
    float[] out = transform(erase).augment(white(48), new Random(5));
    int grey = 0;
    for (int i = 0; i < 48 * 48; i++) {
      grey += Math.abs(out[i] - 0.5f) < 1e-6f ? 1 : 0;
    }
    assertTrue(grey >= 0.015 * 48 * 48 && grey <= 0.21 * 48 * 48, grey + " grey pixels");
    float[] g = new float[3];
    float[] firstGrey = null;
    for (int i = 0; i < 48 * 48 && firstGrey == null; i++) {
      if (Math.abs(out[i] - 0.5f) < 1e-6f) {
        firstGrey = new float[] {out[i], out[48 * 48 + i], out[2 * 48 * 48 + i]};
      }
    }
    g[0] = g[1] = g[2] = 0.5f;
    assertArrayEquals(g, firstGrey, 1e-6f, "all three planes erased alike");
  }

  @Test
  void shouldRefuseARotationBeyondFortyFiveDegrees() {
    try {
      new Augmentation(1, 0, 0, 0, 0, 0, 0, 60, 0);
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage().contains("rotateDeg"), e.getMessage());
      return;
    }
    throw new AssertionError("accepted rotateDeg 60");
  }
}
