package io.affectanalyzer.runtime.detect;

import io.affectanalyzer.runtime.frame.Image;
import java.nio.FloatBuffer;

/**
 * Scales a BGR image into a float tensor canvas: bilinear sampling at pixel centres, aspect kept,
 * the canvas outside the picture black. Channel order, value mapping ({@code v * mul + add}) and
 * layout (pixel and plane strides: NHWC or NCHW) are fixed at construction. Keeps its column tables
 * between calls, so a steady stream allocates nothing.
 */
final class Resampler {
  private final boolean rgb;
  private final float mul;
  private final float add;
  private int[] x0 = new int[0];
  private float[] fx = new float[0];

  Resampler(boolean rgb, float mul, float add) {
    this.rgb = rgb;
    this.mul = mul;
    this.add = add;
  }

  /**
   * Writes a {@code canvasW x canvasH} canvas into {@code dst}, where image point {@code (x, y)}
   * lands on canvas point {@code (x * scale + offX, y * scale + offY)} (continuous coordinates,
   * pixel centres at +0.5). Canvas pixels whose centre falls outside the image are black.
   *
   * @param pixelStride floats between neighbouring pixels of one channel (3 for NHWC, 1 for NCHW)
   * @param planeStride floats between channels of one pixel (1 for NHWC, H*W for NCHW)
   */
  void fill(
      Image img,
      float scale,
      float offX,
      float offY,
      int canvasW,
      int canvasH,
      FloatBuffer dst,
      int pixelStride,
      int planeStride) {
    int w = img.width();
    int h = img.height();
    byte[] src = img.bgr();
    if (x0.length < canvasW) {
      x0 = new int[canvasW];
      fx = new float[canvasW];
    }
    float inv = 1f / scale;
    for (int u = 0; u < canvasW; u++) {
      float xc = (u + 0.5f - offX) * inv;
      if (xc < 0 || xc >= w) {
        x0[u] = -1; // outside the picture
        continue;
      }
      float sx = Math.max(0, Math.min(w - 1, xc - 0.5f));
      int ix = Math.min((int) sx, Math.max(0, w - 2));
      x0[u] = ix;
      fx[u] = w == 1 ? 0 : sx - ix;
    }
    int c0 = rgb ? 2 : 0; // source byte offset of output channel 0
    int dc = rgb ? -1 : 1;
    float black = add;
    int row = w * 3;
    for (int v = 0; v < canvasH; v++) {
      int base = v * canvasW * pixelStride;
      float yc = (v + 0.5f - offY) * inv;
      boolean rowInside = yc >= 0 && yc < h;
      float sy = Math.max(0, Math.min(h - 1, yc - 0.5f));
      int iy = Math.min((int) sy, Math.max(0, h - 2));
      float fy = h == 1 ? 0 : sy - iy;
      int r0 = iy * row;
      int r1 = h == 1 ? r0 : r0 + row;
      for (int u = 0; u < canvasW; u++) {
        int o = base + u * pixelStride;
        if (!rowInside || x0[u] < 0) {
          dst.put(o, black);
          dst.put(o + planeStride, black);
          dst.put(o + 2 * planeStride, black);
          continue;
        }
        int p00 = r0 + x0[u] * 3;
        int p01 = w == 1 ? p00 : p00 + 3;
        int p10 = r1 + x0[u] * 3;
        int p11 = w == 1 ? p10 : p10 + 3;
        float ax = fx[u];
        for (int c = 0, s = c0; c < 3; c++, s += dc) {
          float top = (src[p00 + s] & 0xff) * (1 - ax) + (src[p01 + s] & 0xff) * ax;
          float bottom = (src[p10 + s] & 0xff) * (1 - ax) + (src[p11 + s] & 0xff) * ax;
          dst.put(o + c * planeStride, (top + (bottom - top) * fy) * mul + add);
        }
      }
    }
  }
}
