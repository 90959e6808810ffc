package io.affectanalyzer.train.eval;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Face image files to model input: RGB planes {@code [3, S, S]}, {@code (v/255 - mean) / std}.
 * Greyscale images (FER2013, CK+) come out with the grey value in all three planes.
 */
public final class FaceImages {
  private FaceImages() {}

  public static BufferedImage read(Path file) {
    try {
      BufferedImage image = ImageIO.read(file.toFile());
      if (image == null) {
        throw new IllegalArgumentException("not a readable image: " + file);
      }
      return image;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read image " + file + ": " + e.getMessage(), e);
    }
  }

  /** Bilinear resize to {@code size x size} (no-op at that size already). */
  public static BufferedImage resize(BufferedImage image, int size) {
    if (image.getWidth() == size
        && image.getHeight() == size
        && image.getType() == BufferedImage.TYPE_INT_RGB) {
      return image;
    }
    BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(image, 0, 0, size, size, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  /** Writes one image's normalised planes at {@code out[offset ...]} ({@code 3 * S * S} floats). */
  public static void toPlanes(
      BufferedImage image, int size, float[] mean, float[] std, float[] out, int offset) {
    BufferedImage rgb = resize(image, size);
    int plane = size * size;
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        int p = rgb.getRGB(x, y);
        int i = offset + y * size + x;
        out[i] = (((p >> 16) & 0xFF) / 255f - mean[0]) / std[0];
        out[i + plane] = (((p >> 8) & 0xFF) / 255f - mean[1]) / std[1];
        out[i + 2 * plane] = ((p & 0xFF) / 255f - mean[2]) / std[2];
      }
    }
  }

  /** A batch {@code [files, 3, S, S]} in row-major order. */
  public static float[] batch(java.util.List<Path> files, int size, float[] mean, float[] std) {
    float[] out = new float[files.size() * 3 * size * size];
    for (int i = 0; i < files.size(); i++) {
      toPlanes(read(files.get(i)), size, mean, std, out, i * 3 * size * size);
    }
    return out;
  }
}
