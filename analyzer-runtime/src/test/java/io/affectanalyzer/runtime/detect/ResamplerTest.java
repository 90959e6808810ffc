package io.affectanalyzer.runtime.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.affectanalyzer.runtime.frame.Image;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

class ResamplerTest {
  private static Image solid(int w, int h, int b, int g, int r) {
    byte[] px = new byte[w * h * 3];
    for (int i = 0; i < w * h; i++) {
      px[3 * i] = (byte) b;
      px[3 * i + 1] = (byte) g;
      px[3 * i + 2] = (byte) r;
    }
    return new Image(w, h, px);
  }

  @Test
  void shouldLetterboxAWideImageIntoRgbMinusOneToOneNhwcWithBlackBars() {
    // 40x20 into 16x16: content 16x8 centred, rows 0-3 and 12-15 are bars.
    Image img = solid(40, 20, 255, 0, 51);
    FloatBuffer dst = FloatBuffer.allocate(16 * 16 * 3);
    new Resampler(true, 2f / 255f, -1f).fill(img, 16f / 40f, 0, 4, 16, 16, dst, 3, 1);
    int inside = (8 * 16 + 5) * 3;
    assertEquals(51 * 2f / 255f - 1f, dst.get(inside), 1e-6); // R first
    assertEquals(-1f, dst.get(inside + 1), 1e-6); // G
    assertEquals(1f, dst.get(inside + 2), 1e-6); // B last
    int bar = (1 * 16 + 5) * 3;
    assertEquals(-1f, dst.get(bar), 1e-6);
    assertEquals(-1f, dst.get(bar + 2), 1e-6);
    int lastContentRow = (11 * 16 + 15) * 3;
    assertEquals(1f, dst.get(lastContentRow + 2), 1e-6);
  }

  @Test
  void shouldWriteBgrPlanesUnscaledForYuNet() {
    Image img = solid(10, 6, 10, 20, 30);
    FloatBuffer dst = FloatBuffer.allocate(3 * 32 * 32);
    new Resampler(false, 1f, 0f).fill(img, 1f, 0, 0, 32, 32, dst, 1, 32 * 32);
    assertEquals(10f, dst.get(5 * 32 + 9), 1e-5);
    assertEquals(20f, dst.get(32 * 32 + 5 * 32 + 9), 1e-5);
    assertEquals(30f, dst.get(2 * 32 * 32), 1e-5);
    assertEquals(0f, dst.get(6 * 32), 1e-6); // padding below the picture
    assertEquals(0f, dst.get(10), 1e-6); // padding right of it
  }
}
