package io.affectanalyzer.train.trainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws a run's curves into {@code curves.png}: training loss per optimiser step with validation
 * scores per epoch beside it, and the learning-rate schedule below.
 */
public final class CurvePlot {
  private CurvePlot() {}

  public static Path write(MetricsLog log, Path file) {
    System.setProperty("java.awt.headless", "true");
    List<double[]> steps = log.stepRows();
    List<Map<String, Object>> epochs = log.epochs();
    XYChart loss = chart("Training loss", "step", "loss");
    XYChart lr = chart("Learning rate", "step", "lr");
    XYChart val = chart("Per epoch (train loss, validation)", "epoch", "value");
    if (!steps.isEmpty()) {
      loss.addSeries("train loss", column(steps, 0), column(steps, 2))
          .setMarker(SeriesMarkers.NONE);
      lr.addSeries("lr", column(steps, 0), column(steps, 1)).setMarker(SeriesMarkers.NONE);
    }
    for (String key :
        List.of("train_loss", "expr_f1", "au_f1", "ccc_v", "ccc_a", "p_mtl", "val_loss")) {
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      for (Map<String, Object> e : epochs) {
        if (e.get(key) instanceof Number n && Double.isFinite(n.doubleValue())) {
          xs.add(((Number) e.get("epoch")).doubleValue());
          ys.add(n.doubleValue());
        }
      }
      if (!xs.isEmpty()) {
        val.addSeries(key, xs, ys);
      }
    }
    if (val.getSeriesMap().isEmpty()) {
      val.addSeries("none yet", new double[] {0}, new double[] {0});
    }
    if (loss.getSeriesMap().isEmpty()) {
      loss.addSeries("none yet", new double[] {0}, new double[] {0});
      lr.addSeries("none yet", new double[] {0}, new double[] {0});
    }
    try {
      BitmapEncoder.saveBitmap(
          List.of(loss, val, lr), 1, 3, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file.toString().endsWith(".png") ? file : Path.of(file + ".png");
  }

  private static XYChart chart(String title, String x, String y) {
    XYChart c =
        new XYChartBuilder()
            .width(480)
            .height(320)
            .title(title)
            .xAxisTitle(x)
            .yAxisTitle(y)
            .build();
    c.getStyler().setLegendVisible(true);
    return c;
  }

  private static double[] column(List<double[]> rows, int k) {
    return rows.stream().mapToDouble(r -> r[k]).toArray();
  }
}
