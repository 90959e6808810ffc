package io.affectanalyzer.bench.e2e;

import java.io.IOException;
import java.nio.file.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;

/** The report's PNG plots: one size for the XY charts, saved beside report.md. */
final class Plots {
  private Plots() {}

  static XYChart xy(String title, String xAxis, String yAxis) {
    return new XYChartBuilder()
        .width(640)
        .height(400)
        .title(title)
        .xAxisTitle(xAxis)
        .yAxisTitle(yAxis)
        .build();
  }

  /** Writes {@code dir/name.png}. */
  static void save(Chart<?, ?> chart, Path dir, String name) throws IOException {
    BitmapEncoder.saveBitmap(chart, dir.resolve(name).toString(), BitmapEncoder.BitmapFormat.PNG);
  }
}
