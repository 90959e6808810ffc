package io.affectanalyzer.bench.e2e;

import com.codahale.metrics.Snapshot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * The capture-to-emit latency of the runs kept (a saturated file run, the live run), drawn over one
 * another in {@code latency-histogram.png} from the raw values of the pipeline's reservoir.
 */
final class LatencyHistogram {
  private static final int BINS = 30;

  private final List<double[]> runs = new ArrayList<>();
  private final List<String> names = new ArrayList<>();

  /** Keeps a run's values (microseconds in the snapshot) as milliseconds. */
  void keep(String name, Snapshot s) {
    runs.add(Arrays.stream(s.getValues()).mapToDouble(v -> v / 1000.0).toArray());
    names.add(name);
  }

  void write(Path dir, String title) throws IOException {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(800)
            .height(400)
            .title(title)
            .xAxisTitle("capture-to-emit (ms)")
            .yAxisTitle("frames")
            .build();
    chart.getStyler().setOverlapped(true);
    chart.getStyler().setXAxisLabelRotation(45);
    double max = 0;
    for (double[] v : runs) {
      for (double x : v) {
        max = Math.max(max, x);
      }
    }
    double width = Math.max(max, 1) / BINS;
    List<String> labels =
        IntStream.range(0, BINS)
            .mapToObj(b -> String.format(Locale.ROOT, "%.0f", (b + 0.5) * width))
            .toList();
    for (int k = 0; k < runs.size(); k++) {
      double[] counts = new double[BINS];
      for (double x : runs.get(k)) {
        counts[Math.min(BINS - 1, (int) (x / width))]++;
      }
      chart.addSeries(names.get(k), labels, Arrays.stream(counts).boxed().toList());
    }
    Plots.save(chart, dir, "latency-histogram");
  }
}
