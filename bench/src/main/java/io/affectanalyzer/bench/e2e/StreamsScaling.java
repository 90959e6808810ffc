package io.affectanalyzer.bench.e2e;

import static io.affectanalyzer.bench.e2e.ReportText.f;

import com.codahale.metrics.Snapshot;
import io.affectanalyzer.runtime.source.FrameSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.DoubleStream;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/**
 * One pipeline on 1, 2, 4, ... concurrent streams of the same file ({@code --streams}): frames/s
 * per stream and in all, and the spread of the streams' p99 latency.
 */
record StreamsScaling(BenchRig rig) {
  record Figure(
      int streams,
      String video,
      long framesPerStream,
      double seconds,
      double fpsPerStream,
      double fpsTotal,
      double meanBatch,
      Results.Latency latency,
      double bestStreamP99,
      double worstStreamP99) {}

  /** {@code in} must be a file: every stream reads it {@code --stream-loops} times. */
  List<Figure> measure(Input in) throws BenchException, InterruptedException {
    List<Figure> out = new ArrayList<>();
    for (int n : rig.opt().streams) {
      BenchLog.log("%d concurrent streams of %s", n, in.name());
      List<FrameSource> sources = new ArrayList<>();
      for (int s = 0; s < n; s++) {
        sources.add(new BenchSource(in.path(), in.name() + "#" + s, rig.opt().streamLoops, false));
      }
      PipelineRun p = rig.pipeline().run(sources);
      long perStream = p.frames() / n;
      double seconds = p.nanos() / 1e9;
      out.add(
          new Figure(
              n,
              in.name(),
              perStream,
              seconds,
              perStream / seconds,
              p.frames() / seconds,
              p.meanBatch(),
              Results.Latency.of(p.latency()),
              streamP99s(p).min().orElse(Double.NaN),
              streamP99s(p).max().orElse(Double.NaN)));
    }
    return out;
  }

  /** Each stream's p99 latency in milliseconds. */
  private static DoubleStream streamP99s(PipelineRun p) {
    return p.latencyByStream().values().stream()
        .mapToDouble(Snapshot::get99thPercentile)
        .map(micros -> micros / 1000);
  }

  /** Empty without figures. */
  static String markdown(List<Figure> figures) {
    if (figures.isEmpty()) {
      return "";
    }
    StringBuilder md = new StringBuilder("\n## Concurrent streams\n\n");
    md.append(
        "| streams | input | frames per stream | seconds | fps per stream | fps total | mean"
            + " batch | p50 ms | p99 ms | p99 ms per stream, best - worst |\n"
            + "|---:|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (Figure x : figures) {
      md.append(
          f(
              "| %d | %s | %d | %.1f | %.1f | %.1f | %.2f | %.1f | %.1f | %.1f - %.1f |\n",
              x.streams(),
              x.video(),
              x.framesPerStream(),
              x.seconds(),
              x.fpsPerStream(),
              x.fpsTotal(),
              x.meanBatch(),
              x.latency().p50(),
              x.latency().p99(),
              x.bestStreamP99(),
              x.worstStreamP99()));
    }
    return md.toString();
  }

  /** {@code streams-vs-p99.png}; none without figures. */
  static void plot(Path dir, List<Figure> figures) throws IOException {
    if (figures.isEmpty()) {
      return;
    }
    XYChart streams =
        Plots.xy(
            "Concurrent streams: p99 latency and frames/s per stream",
            "streams",
            "p99 capture-to-emit (ms)");
    List<Double> n = figures.stream().map(x -> (double) x.streams()).toList();
    streams.addSeries("p99 ms", n, figures.stream().map(x -> x.latency().p99()).toList());
    XYSeries fps =
        streams.addSeries(
            "frames/s per stream", n, figures.stream().map(Figure::fpsPerStream).toList());
    fps.setYAxisGroup(1);
    streams.setYAxisGroupTitle(1, "frames/s per stream");
    Plots.save(streams, dir, "streams-vs-p99");
  }
}
