package io.affectanalyzer.runtime.frame;

/**
 * One decoded picture: 8-bit BGR, interleaved, rows packed ({@code width * 3} bytes each).
 *
 * <p>The pixel array is owned by whoever published the image and is not written after publication,
 * so an image can cross threads as is.
 */
public record Image(int width, int height, byte[] bgr) {
  public Image {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("image size must be positive: " + width + "x" + height);
    }
    if (bgr.length < width * height * 3) {
      throw new IllegalArgumentException("pixel buffer too small for " + width + "x" + height);
    }
  }

  /** Byte offset of pixel (x, y). */
  public int offset(int x, int y) {
    return (y * width + x) * 3;
  }
}
