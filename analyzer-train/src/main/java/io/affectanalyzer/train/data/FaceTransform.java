package io.affectanalyzer.train.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Random;

/**
 * Turns a decoded face into the model's input: (random resized) crop to a square {@code size},
 * optional flip, colour jitter and greyscale, then {@code (v/255 - mean)/std} per RGB channel, laid
 * out CHW.
 */
public final class FaceTransform {
  private final int size;
  private final float[] mean;
  private final float[] std;
  private final Augmentation augmentation;

  public FaceTransform(int size, float[] mean, float[] std, Augmentation augmentation) {
    if (size < 8 || mean.length != 3 || std.length != 3) {
      throw new IllegalArgumentException("need size >= 8 and 3 means and stds");
    }
    this.size = size;
    this.mean = mean.clone();
    this.std = std.clone();
    this.augmentation = augmentation;
  }

  public int size() {
    return size;
  }

  /** Evaluation view: the whole image resized, no randomness. */
  public float[] evaluate(BufferedImage image) {
    return evaluate(image, 0);
  }

  /** Evaluation view low-passed by {@code blurSigma} input pixels (see {@link GaussianBlur}). */
  public float[] evaluate(BufferedImage image, double blurSigma) {
    float[] rgb = resize(image, 0, 0, image.getWidth(), image.getHeight(), false);
    GaussianBlur.apply(rgb, 3, size, blurSigma);
    return normalise(rgb);
  }

  /** Training view, all random choices drawn from {@code random}. */
  public float[] augment(BufferedImage image, Random random) {
    return augment(image, random, 0);
  }

  /** Training view, low-passed last (as the exported model does) by {@code blurSigma}. */
  public float[] augment(BufferedImage image, Random random, double blurSigma) {
    Augmentation a = augmentation;
    int w = image.getWidth();
    int h = image.getHeight();
    int cw = w;
    int ch = h;
    int x = 0;
    int y = 0;
    if (a.cropScaleMin() < 1) {
      // Area fraction and aspect ratio as torchvision's RandomResizedCrop; fall back to full.
      for (int attempt = 0; attempt < 10; attempt++) {
        double area = w * h * (a.cropScaleMin() + random.nextDouble() * (1 - a.cropScaleMin()));
        double logRatio = Math.log(3.0 / 4) + random.nextDouble() * Math.log(16.0 / 9);
        double ratio = Math.exp(logRatio);
        int tw = (int) Math.round(Math.sqrt(area * ratio));
        int th = (int) Math.round(Math.sqrt(area / ratio));
        if (tw > 0 && th > 0 && tw <= w && th <= h) {
          cw = tw;
          ch = th;
          x = random.nextInt(w - cw + 1);
          y = random.nextInt(h - ch + 1);
          break;
        }
      }
    }
    boolean flip = random.nextDouble() < a.flipP();
    double angle =
        a.rotateDeg() > 0 ? Math.toRadians(a.rotateDeg() * (2 * random.nextDouble() - 1)) : 0;
    float[] rgb =
        angle != 0 ? rotate(image, x, y, cw, ch, flip, angle) : resize(image, x, y, cw, ch, flip);
    if (random.nextDouble() < a.jitterP()) {
      jitter(rgb, random);
    }
    if (random.nextDouble() < a.greyP()) {
      toGrey(rgb);
    }
    if (random.nextDouble() < a.eraseP()) {
      erase(rgb, random);
    }
    GaussianBlur.apply(rgb, 3, size, blurSigma);
    return normalise(rgb);
  }

  /**
   * The crop turned by {@code angle} about its centre; corners from outside the image are black.
   */
  private float[] rotate(
      BufferedImage image, int x, int y, int w, int h, boolean flip, double angle) {
    AffineTransform t = new AffineTransform();
    t.translate(size / 2.0, size / 2.0);
    t.rotate(angle);
    t.scale((flip ? -1 : 1) * size / (double) w, size / (double) h);
    t.translate(-(x + w / 2.0), -(y + h / 2.0));
    BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(image, t, null);
    } finally {
      g.dispose();
    }
    return planes(out);
  }

  /** Random erasing: one rectangle of 2-20% of the area, aspect 0.3-3.3, set to mid grey. */
  private void erase(float[] chw, Random random) {
    double area = size * size * (0.02 + 0.18 * random.nextDouble());
    double ratio = Math.exp(Math.log(0.3) + random.nextDouble() * Math.log(3.3 / 0.3));
    int w = (int) Math.min(size, Math.round(Math.sqrt(area * ratio)));
    int h = (int) Math.min(size, Math.round(Math.sqrt(area / ratio)));
    int x0 = random.nextInt(size - w + 1);
    int y0 = random.nextInt(size - h + 1);
    int plane = size * size;
    for (int k = 0; k < 3; k++) {
      for (int yy = y0; yy < y0 + h; yy++) {
        Arrays.fill(chw, k * plane + yy * size + x0, k * plane + yy * size + x0 + w, 0.5f);
      }
    }
  }

  /** Crops and resizes bilinearly to {@code size}, returning CHW values in [0, 1]. */
  private float[] resize(BufferedImage image, int x, int y, int w, int h, boolean flip) {
    BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      int dx1 = flip ? size : 0;
      int dx2 = flip ? 0 : size;
      g.drawImage(image, dx1, 0, dx2, size, x, y, x + w, y + h, null);
    } finally {
      g.dispose();
    }
    return planes(out);
  }

  /** CHW values in [0, 1] of a {@code size x size} RGB image. */
  private float[] planes(BufferedImage out) {
    int plane = size * size;
    float[] chw = new float[3 * plane];
    int[] argb = out.getRGB(0, 0, size, size, null, 0, size);
    for (int i = 0; i < plane; i++) {
      int p = argb[i];
      chw[i] = ((p >> 16) & 0xff) / 255f;
      chw[plane + i] = ((p >> 8) & 0xff) / 255f;
      chw[2 * plane + i] = (p & 0xff) / 255f;
    }
    return chw;
  }

  private void jitter(float[] chw, Random random) {
    Augmentation a = augmentation;
    float b = factor(a.brightness(), random);
    float c = factor(a.contrast(), random);
    float s = factor(a.saturation(), random);
    int plane = size * size;
    double meanGrey = 0;
    for (int i = 0; i < plane; i++) {
      meanGrey += grey(chw, i, plane);
    }
    float m = (float) (meanGrey / plane) * b;
    for (int i = 0; i < plane; i++) {
      for (int k = 0; k < 3; k++) {
        chw[k * plane + i] *= b;
      }
      float gr = grey(chw, i, plane);
      for (int k = 0; k < 3; k++) {
        float v = chw[k * plane + i];
        v = gr + (v - gr) * s; // saturation: blend with the pixel's grey
        v = m + (v - m) * c; // contrast: blend with the image's mean grey
        chw[k * plane + i] = Math.min(1f, Math.max(0f, v));
      }
    }
  }

  private void toGrey(float[] chw) {
    int plane = size * size;
    for (int i = 0; i < plane; i++) {
      float gr = grey(chw, i, plane);
      chw[i] = gr;
      chw[plane + i] = gr;
      chw[2 * plane + i] = gr;
    }
  }

  private static float grey(float[] chw, int i, int plane) {
    return 0.299f * chw[i] + 0.587f * chw[plane + i] + 0.114f * chw[2 * plane + i];
  }

  private static float factor(double amount, Random random) {
    return (float) (1 - amount + 2 * amount * random.nextDouble());
  }

  private float[] normalise(float[] chw) {
    int plane = size * size;
    for (int k = 0; k < 3; k++) {
      for (int i = 0; i < plane; i++) {
        chw[k * plane + i] = (chw[k * plane + i] - mean[k]) / std[k];
      }
    }
    return chw;
  }
}
