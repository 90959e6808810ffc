package io.affectanalyzer.bench.e2e;

import io.affectanalyzer.runtime.frame.Image;
import io.affectanalyzer.runtime.source.FrameSource;
import io.affectanalyzer.runtime.source.PixelCopy;
import io.affectanalyzer.runtime.source.SourceException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.javacv.Frame;

/**
 * The decode limit: decoding an input and copying the pixels out, as the pipeline's source thread
 * does, nothing else. Keeps the first frames for the detection and inference limits.
 */
final class DecodeLimit {
  /** Frames kept per input for detection-only runs (decoded once, detected twice over). */
  private static final int KEPT_FRAMES = 48;

  private DecodeLimit() {}

  /** One input decoded to its end, and its first {@link #KEPT_FRAMES} frames. */
  record Run(long frames, long nanos, int width, int height, List<Image> images) {
    double fps() {
      return BenchMath.rate(frames, nanos);
    }
  }

  static Run measure(Input in) throws BenchException {
    List<Image> images = new ArrayList<>();
    long frames = 0;
    int w = 0;
    int h = 0;
    byte[] pixels = new byte[0];
    long t0 = System.nanoTime();
    try (FrameSource source = in.open().get()) {
      source.start();
      Frame f;
      while ((f = source.grab()) != null) {
        if (f.image == null) {
          continue;
        }
        int size = PixelCopy.packedSize(f);
        if (pixels.length < size) {
          pixels = new byte[size];
        }
        PixelCopy.copy(f, pixels);
        w = f.imageWidth;
        h = f.imageHeight;
        if (images.size() < KEPT_FRAMES) {
          images.add(new Image(w, h, Arrays.copyOf(pixels, size)));
        }
        frames++;
      }
    } catch (SourceException e) {
      throw new BenchException(in.name() + ": " + e.getMessage());
    }
    long nanos = System.nanoTime() - t0;
    return new Run(frames, nanos, w, h, images);
  }
}
