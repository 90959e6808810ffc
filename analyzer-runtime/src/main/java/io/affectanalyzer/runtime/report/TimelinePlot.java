package io.affectanalyzer.runtime.report;

import io.affectanalyzer.runtime.model.ModelContract;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Draws a {@link Timeline} as one PNG: expression probabilities above, valence/arousal below. */
public final class TimelinePlot {
  private static final int WIDTH = 1400;
  private static final int HEIGHT = 420;

  private TimelinePlot() {}

  public static void write(Timeline timeline, String title, Path png) throws IOException {
    double[] x = timeline.seconds().stream().mapToDouble(Double::doubleValue).toArray();
    XYChart expr = chart(title + ": expression probabilities", "probability");
    expr.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
    for (int c = 0; c < ModelContract.EXPRESSION_NAMES.size(); c++) {
      expr.addSeries(ModelContract.EXPRESSION_NAMES.get(c), x, column(timeline.expr(), c))
          .setMarker(SeriesMarkers.NONE);
    }
    XYChart va = chart(title + ": valence and arousal", "value");
    va.getStyler().setYAxisMin(-1.0).setYAxisMax(1.0);
    for (int k = 0; k < 2; k++) {
      va.addSeries(ModelContract.VA_NAMES.get(k), x, column(timeline.va(), k))
          .setMarker(SeriesMarkers.NONE);
    }
    BufferedImage top = BitmapEncoder.getBufferedImage(expr);
    BufferedImage bottom = BitmapEncoder.getBufferedImage(va);
    BufferedImage both = new BufferedImage(WIDTH, 2 * HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = both.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, 2 * HEIGHT);
    g.drawImage(top, 0, 0, null);
    g.drawImage(bottom, 0, HEIGHT, null);
    g.dispose();
    ImageIO.write(both, "png", png.toFile());
  }

  private static XYChart chart(String title, String yTitle) {
    XYChart c =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle("time (s)")
            .yAxisTitle(yTitle)
            .build();
    c.getStyler().setChartBackgroundColor(Color.WHITE);
    return c;
  }

  private static double[] column(List<float[]> rows, int k) {
    double[] out = new double[rows.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = rows.get(i)[k];
    }
    return out;
  }
}
