package io.affectanalyzer.runtime.testing;

import io.affectanalyzer.runtime.frame.Image;
import java.awt.Rectangle;
import java.util.List;

/**
 * How far apart two pictures of one size are over a region: the mean absolute difference of their
 * bytes (0 to 255). Regions are lists of rectangles, clipped to the picture.
 */
public final class PixelDiff {
  private PixelDiff() {}

  public static double mean(Image a, Image b, List<Rectangle> region) {
    if (a.width() != b.width() || a.height() != b.height()) {
      throw new IllegalArgumentException(
          a.width() + "x" + a.height() + " and " + b.width() + "x" + b.height() + " differ");
    }
    Rectangle picture = new Rectangle(0, 0, a.width(), a.height());
    long sum = 0;
    long n = 0;
    for (Rectangle r : region) {
      Rectangle c = r.intersection(picture);
      for (int y = c.y; y < c.y + c.height; y++) {
        for (int i = a.offset(c.x, y); i < a.offset(c.x + c.width, y); i++) {
          sum += Math.abs((a.bgr()[i] & 0xff) - (b.bgr()[i] & 0xff));
          n++;
        }
      }
    }
    if (n == 0) {
      throw new IllegalArgumentException("the region " + region + " holds no pixel");
    }
    return (double) sum / n;
  }

  /** The whole picture. */
  public static List<Rectangle> whole(Image image) {
    return List.of(new Rectangle(0, 0, image.width(), image.height()));
  }

  /** The 1-pixel lines along the edges of a box {@code [x, y, w, h]}, corners left out. */
  public static List<Rectangle> outline(double[] box) {
    int x0 = (int) Math.round(box[0]);
    int y0 = (int) Math.round(box[1]);
    int x1 = (int) Math.round(box[0] + box[2]);
    int y1 = (int) Math.round(box[1] + box[3]);
    int corner = 4;
    return List.of(
        new Rectangle(x0 + corner, y0, x1 - x0 - 2 * corner, 1),
        new Rectangle(x0 + corner, y1, x1 - x0 - 2 * corner, 1),
        new Rectangle(x0, y0 + corner, 1, y1 - y0 - 2 * corner),
        new Rectangle(x1, y0 + corner, 1, y1 - y0 - 2 * corner));
  }

  /**
   * The columns farther than one box width to the left or right of a box {@code [x, y, w, h]}, the
   * whole height: well away from the box and anything drawn beside it.
   */
  public static List<Rectangle> farFrom(double[] box, int width, int height) {
    int x0 = (int) Math.floor(box[0] - box[2]);
    int x1 = (int) Math.ceil(box[0] + 2 * box[2]);
    return List.of(new Rectangle(0, 0, x0, height), new Rectangle(x1, 0, width - x1, height));
  }
}
