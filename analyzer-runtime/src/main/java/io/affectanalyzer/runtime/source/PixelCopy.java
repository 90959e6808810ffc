package io.affectanalyzer.runtime.source;

import io.affectanalyzer.runtime.frame.Image;
import java.nio.ByteBuffer;
import org.bytedeco.javacv.Frame;

/**
 * Copies the pixels out of a decoder's reused BGR24 frame into packed rows. Decoders pad rows
 * ({@code imageStride} may exceed {@code width * 3}), so rows are copied one by one then.
 */
public final class PixelCopy {
  private PixelCopy() {}

  /** Bytes a packed copy of {@code f} takes: {@code width * height * 3}. */
  public static int packedSize(Frame f) {
    checkBgr(f);
    return f.imageWidth * f.imageHeight * 3;
  }

  /**
   * Copies {@code f} into {@code dst} as packed BGR rows.
   *
   * @return the bytes written ({@code width * height * 3})
   * @throws IllegalArgumentException when {@code dst} is too small or the frame is not 8-bit BGR
   */
  public static int copy(Frame f, byte[] dst) {
    int size = packedSize(f);
    if (dst.length < size) {
      throw new IllegalArgumentException(
          "buffer of "
              + dst.length
              + " bytes too small for a "
              + f.imageWidth
              + "x"
              + f.imageHeight
              + " frame ("
              + size
              + " bytes)");
    }
    ByteBuffer src = (ByteBuffer) f.image[0];
    int row = f.imageWidth * 3;
    // imageStride counts elements, which for 8-bit frames are bytes.
    int stride = f.imageStride;
    if (stride == row) {
      src.get(0, dst, 0, size);
    } else {
      for (int y = 0; y < f.imageHeight; y++) {
        src.get(y * stride, dst, y * row, row);
      }
    }
    return size;
  }

  /** A packed copy of {@code f} that outlives the decoder's frame. */
  public static Image toImage(Frame f) {
    byte[] pixels = new byte[packedSize(f)];
    copy(f, pixels);
    return new Image(f.imageWidth, f.imageHeight, pixels);
  }

  private static void checkBgr(Frame f) {
    if (f == null || f.image == null || f.image.length == 0 || f.image[0] == null) {
      throw new IllegalArgumentException("frame has no picture");
    }
    if (f.imageDepth != Frame.DEPTH_UBYTE || f.imageChannels != 3) {
      throw new IllegalArgumentException(
          "frame is not 8-bit BGR: depth " + f.imageDepth + ", channels " + f.imageChannels);
    }
    if (!(f.image[0] instanceof ByteBuffer)) {
      throw new IllegalArgumentException("frame pixels are not bytes");
    }
  }
}
