package io.affectanalyzer.runtime.testing;

import io.affectanalyzer.runtime.frame.Image;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/**
 * Test-only decoding of real videos and photos into {@link Image}s with FFmpeg (BGR24). The grabber
 * reuses its frame, so pixels are copied out row by row (rows may be padded: imageStride).
 */
public final class DecodedMedia {
  private DecodedMedia() {}

  /** Every {@code step}-th frame of {@code file} (a still image yields one frame). */
  public static List<Image> frames(Path file, int step) throws Exception {
    List<Image> out = new ArrayList<>();
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
      g.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
      g.start();
      try {
        Frame f;
        int i = 0;
        while ((f = g.grabImage()) != null) {
          if (i++ % step == 0) {
            out.add(copy(f));
          }
        }
      } finally {
        g.stop();
      }
    }
    return out;
  }

  /** Every frame of {@code file} in order, one at a time (a long clip need not fit in memory). */
  public static void each(Path file, Consumer<Image> action) throws Exception {
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
      g.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
      g.start();
      try {
        Frame f;
        while ((f = g.grabImage()) != null) {
          action.accept(copy(f));
        }
      } finally {
        g.stop();
      }
    }
  }

  /** The first frame of a still image. */
  public static Image image(Path file) throws Exception {
    return frames(file, 1).get(0);
  }

  static Image copy(Frame f) {
    int w = f.imageWidth;
    int h = f.imageHeight;
    int stride = f.imageStride; // in bytes for 8-bit frames
    ByteBuffer src = (ByteBuffer) f.image[0];
    byte[] bgr = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      src.get(y * stride, bgr, y * w * 3, w * 3);
    }
    return new Image(w, h, bgr);
  }
}
