package io.affectanalyzer.train.data;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Decodes an image file with javax.imageio into 8-bit RGB; greyscale is replicated to 3 channels.
 */
public final class ImageDecoder {
  private ImageDecoder() {}

  public static BufferedImage decodeRgb(Path file) {
    if (!Files.isRegularFile(file)) {
      throw DataFormatException.of(file, "image file not found");
    }
    BufferedImage src;
    try {
      src = ImageIO.read(file.toFile());
    } catch (IOException e) {
      throw DataFormatException.of(file, "cannot decode image: " + e.getMessage());
    }
    if (src == null) {
      throw DataFormatException.of(file, "not an image format javax.imageio can read");
    }
    if (src.getType() == BufferedImage.TYPE_INT_RGB) {
      return src;
    }
    BufferedImage rgb =
        new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = rgb.createGraphics();
    try {
      g.drawImage(src, 0, 0, null);
    } finally {
      g.dispose();
    }
    return rgb;
  }
}
