package io.affectanalyzer.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;

/** Writes a run's {@link Results} as report.json, report.md and PNG plots. */
final class ReportWriter {
  private final Path dir;

  ReportWriter(Path dir) {
    this.dir = dir;
  }

  void write(Results r) throws BenchException {
    try {
      Files.createDirectories(dir);
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(dir.resolve("report.json").toFile(), r);
      Files.writeString(
          dir.resolve("report.md"), markdown(r) + jmhMarkdown(dir.resolve("jmh.json")));
      plots(r);
    } catch (IOException e) {
      throw new BenchException("cannot write the report into " + dir + ": " + e);
    }
  }

  static String markdown(Results r) {
    StringBuilder md = new StringBuilder();
    MachineInfo m = r.machine();
    Results.Setup s = r.setup();
    md.append("# Affect Analyzer benchmark\n\n");
    md.append(
        f(
            "%s on %s (%d cores, %d MB), %s; ONNX Runtime %s (this build's providers: %s); GPU:"
                + " %s; commit %s; load average (1, 5, 15 min) at start %s, at end %s.\n\n",
            m.date(),
            m.cpuModel(),
            m.cores(),
            m.memoryMb(),
            m.jvm(),
            m.onnxRuntime(),
            m.onnxRuntimeProviders(),
            m.gpu(),
            m.gitCommit(),
            m.loadAverageAtStart(),
            r.loadAverageAtEnd()));
    md.append(f("- Affect model: %s, execution provider **%s**.\n", s.model(), s.modelProvider()));
    md.append(
        f("- Detector: %s, execution provider **%s**.\n", s.detector(), s.detectorProvider()));
    md.append(
        f(
            "- ONNX Runtime intra-op threads: %s; pipeline threads: %s; pipeline max batch %d,"
                + " batch deadline %d ms; output: %s.\n",
            s.ortIntraOpThreads() == 0 ? "ONNX Runtime's default" : s.ortIntraOpThreads(),
            s.inferenceCore() == null ? "unpinned" : s.inferenceCore() + " (`--pin-inference`)",
            s.pipelineMaxBatch(),
            s.batchDeadlineMillis(),
            s.writer()));
    md.append(f("- Limits: %s\n\n", s.limitsNote()));

    md.append("## Inference only (").append(s.modelProvider()).append(")\n\n");
    md.append("| batch | faces/s | ms per call | calls |\n|---:|---:|---:|---:|\n");
    for (Results.InferenceFigure i : r.inference()) {
      md.append(
          f(
              "| %d | %.1f | %.2f | %d |\n",
              i.batch(), i.facesPerSecond(), i.msPerCall(), i.calls()));
    }

    if (!r.inferenceScaling().isEmpty()) {
      md.append(
          "\nSessions at once (batch 1, a thread each; the measured core limit counts the cores"
              + " at the last speedup):\n\n| sessions | faces/s together | speedup |\n"
              + "|---:|---:|---:|\n");
      for (Results.ScalingFigure g : r.inferenceScaling()) {
        md.append(f("| %d | %.1f | %.2f |\n", g.sessions(), g.facesPerSecond(), g.speedup()));
      }
    }

    md.append("\n## Per input: stage limits and the full pipeline\n\n");
    md.append(
        "| input | size | frames | decode fps | detect fps (batch 1) | detect faces/s | inference"
            + " limit fps | pipeline fps | pipeline faces/s | faces/frame | mean batch | ratio to"
            + " pipelined limit | ratio to serial limit | ratio to core limit | ratio to measured"
            + " core limit |\n");
    md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Results.VideoFigures v : r.videos()) {
      md.append(
          f(
              "| %s | %dx%d | %d | %.1f | %.1f | %.1f | %s | %.1f | %.1f | %.2f | %.2f | %s | %s"
                  + " | %s | %s |\n",
              v.video(),
              v.width(),
              v.height(),
              v.frames(),
              v.decodeFps(),
              v.detectFps(),
              v.detectFacesPerSecond(),
              num(v.inferenceLimitFps(), "%.1f", "n/a (no faces)"),
              v.pipelineFps(),
              v.pipelineFacesPerSecond(),
              v.facesPerFrame(),
              v.meanBatch(),
              num(v.ratioToPipelinedLimit(), "%.2f", "n/a"),
              num(v.ratioToSerialLimit(), "%.2f", "n/a"),
              num(v.ratioToCoreLimit(), "%.2f", "n/a"),
              num(v.ratioToScaledCoreLimit(), "%.2f", "n/a")));
    }
    md.append("\nCapture-to-emit latency of the full pipeline (ms, the pipeline's histogram):\n\n");
    md.append("| input | frames | p50 | p95 | p99 | max |\n|---|---:|---:|---:|---:|---:|\n");
    for (Results.VideoFigures v : r.videos()) {
      Results.Latency l = v.latency();
      md.append(
          f(
              "| %s | %d | %.1f | %.1f | %.1f | %.1f |\n",
              v.video(), l.count(), l.p50(), l.p95(), l.p99(), l.max()));
    }
    md.append(
        "\nDetection only, frames/s (batch 1): the default two-pass detector as the pipeline runs"
            + " it (following faces between whole-frame looks), on every whole frame, and each of"
            + " its looks alone:\n\n| input | as the pipeline runs it | whole frame, and each look"
            + " alone |\n|---|---:|---|\n");
    for (Results.VideoFigures v : r.videos()) {
      List<String> parts = new ArrayList<>();
      v.singlePassDetectFps().forEach((k, fps) -> parts.add(f("%s %.1f", k, fps)));
      md.append(f("| %s | %.1f | %s |\n", v.video(), v.detectFps(), String.join(", ", parts)));
    }
    md.append(
        "\nMean milliseconds per call of the pipeline's own stage timers (detect and align per"
            + " frame, infer per batch):\n\n| input | stages |\n|---|---|\n");
    for (Results.VideoFigures v : r.videos()) {
      List<String> parts = new ArrayList<>();
      v.stageMeanMs().forEach((k, ms) -> parts.add(f("%s %.2f", k, ms)));
      md.append(f("| %s | %s |\n", v.video(), String.join(", ", parts)));
    }
    md.append(
        "\nCPU milliseconds per frame by thread, during the pipeline run (from /proc: stages by"
            + " name, decode = the source threads and FFmpeg's, jit = the JIT compilers), and the"
            + " share of all cores the process kept busy:\n\n| input | CPU ms per frame | total |"
            + " cores busy |\n|---|---|---:|---:|\n");
    for (Results.VideoFigures v : r.videos()) {
      List<String> parts = new ArrayList<>();
      v.cpuMsPerFrame().forEach((k, ms) -> parts.add(f("%s %.2f", k, ms)));
      double total = v.cpuMsPerFrame().values().stream().mapToDouble(Double::doubleValue).sum();
      md.append(
          f(
              "| %s | %s | %.2f | %s |\n",
              v.video(),
              String.join(", ", parts),
              total,
              num(v.coresBusy() * 100, "%.0f%%", "n/a")));
    }
    md.append(
        "\nFile inputs are read as fast as the pipeline takes them, so their latency includes"
            + " time queued in the ring (32 slots): it measures a saturated pipeline, not a live"
            + " one. See the live figure below.\n");

    if (!r.streams().isEmpty()) {
      md.append("\n## Concurrent streams\n\n");
      md.append(
          "| streams | input | frames per stream | seconds | fps per stream | fps total | mean"
              + " batch | p50 ms | p99 ms | p99 ms per stream, best - worst |\n"
              + "|---:|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
      for (Results.StreamsFigure x : r.streams()) {
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
    }
    if (r.memory() != null) {
      Results.MemoryFigure mem = r.memory();
      md.append("\n## Resident memory over a long run\n\n");
      md.append(
          f(
              "%s looped %d times: %d frames in %.1f s. RSS %.0f MB at the start of the run, %.0f"
                  + " MB at its end; peak (VmHWM, whole process so far) %.0f MB; slope %.2f MB/min"
                  + " (%s).\n",
              mem.video(),
              mem.loops(),
              mem.frames(),
              mem.seconds(),
              mem.rssStartMb(),
              mem.rssEndMb(),
              mem.vmHwmMb(),
              mem.slopeMbPerMinute(),
              mem.slopeWindow()));
    }
    if (r.live() != null) {
      Results.LiveFigure l = r.live();
      md.append("\n## Live latency\n\n");
      md.append(
          f(
              "%s (%s) at %.2f fps: %d frames in %.1f s, %d dropped; capture-to-emit p50 %.1f ms,"
                  + " p95 %.1f ms, **p99 %.1f ms**, max %.1f ms.\n",
              l.video(),
              l.how(),
              l.sourceFps(),
              l.frames(),
              l.seconds(),
              l.dropped(),
              l.latency().p50(),
              l.latency().p95(),
              l.latency().p99(),
              l.latency().max()));
    }
    if (!r.paired().isEmpty()) {
      paired(md, r.paired());
    }
    if (!r.detectionSettings().isEmpty()) {
      detectionSettings(md, r.detectionSettings());
    }
    md.append(
        "\nPlots: `throughput-vs-batch.png`, `latency-histogram.png`, `streams-vs-p99.png`,"
            + " `rss-over-time.png`.\n");
    return md.toString();
  }

  private static void paired(StringBuilder md, List<Results.PairedFigure> figures) {
    Results.PairedFigure f0 = figures.get(0);
    md.append("\n## The pipeline against its limit, measured in turn\n\n");
    md.append(
        f(
            "%s looped %d times. Each round measures inference alone at batch %d (nearest the"
                + " pipeline's mean batch) just before and just after the pipeline run, and"
                + " divides the pipeline's frames/s by min(decode %.1f frames/s, the mean of the"
                + " two): the issue's ratio, with both sides taken within seconds of each other."
                + " %d rounds, the settings interleaved; medians, and the lowest and highest"
                + " ratio. Pinning = `--pin-inference`: off; auto, the inference stage keeps the"
                + " last core to itself (every other thread of the process on the rest) while it"
                + " bounds the pipeline and waits for a core, checked every second; always, from"
                + " the first frame. Pinned = the share of the run it was. Inference thread busy = its CPU time over the run's wall time; waiting"
                + " = the time it was runnable but off a core (`/proc/self/task/*/schedstat`).\n\n",
            f0.video(), f0.loops(), f0.batch(), f0.decodeFps(), f0.rounds()));
    md.append(
        "| pinning | inference limit, frames/s | pipeline, frames/s | ratio | lowest - highest |"
            + " pinned | inference thread busy | inference thread waiting | cores busy |\n"
            + "|---|---:|---:|---:|---|---:|---:|---:|---:|\n");
    for (Results.PairedFigure x : figures) {
      md.append(
          f(
              "| %s | %.1f | %.1f | **%.2f** | %.2f - %.2f | %.0f%% | %.0f%% | %.0f%% | %.0f%% |\n",
              x.pinning(),
              x.inferenceLimitFps(),
              x.pipelineFps(),
              x.ratio(),
              x.ratioLowest(),
              x.ratioHighest(),
              100 * x.pinnedShare(),
              100 * x.inferenceThreadBusy(),
              100 * x.inferenceThreadWaiting(),
              100 * x.coresBusy()));
    }
  }

  private static void detectionSettings(
      StringBuilder md, List<Results.DetectionSettingFigure> figures) {
    Results.DetectionSettingFigure f0 = figures.get(0);
    md.append("\n## Looking less: the detect stage's settings\n\n");
    md.append(
        f(
            "%s looped %d times, each setting %d times interleaved (speed: medians; scores: the"
                + " first round). Full every = `--detect-every`..`--detect-every-max` (the"
                + " interval doubles while no new face shows up); kept = frames whose boxes were"
                + " the last look's (`--still-reuse`); looks = full passes and close looks per"
                + " frame. Against the first: the same frames' scores compared with the first"
                + " row (same label, mean total-variation distance of the expression"
                + " probabilities, mean absolute AU probability and valence differences)."
                + " Jitter: the same distance between consecutive frames, and label changes per"
                + " 100 frames.\n\n",
            f0.video(), f0.loops(), f0.rounds()));
    md.append(
        "| full every | still-reuse | frames | full passes per frame | kept | looks per frame |"
            + " frames/s | CPU ms per frame | detect CPU ms per frame | same label as the first |"
            + " expr distance | AU difference | valence difference | expr jitter | label changes"
            + " per 100 |\n"
            + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Results.DetectionSettingFigure x : figures) {
      ScoreSeries.Comparison c = x.againstFirst();
      md.append(
          f(
              "| %s | %d | %d | %.3f | %.0f%% | %.2f | %.1f | %.2f | %.2f | %.1f%% | %.4f | %.4f"
                  + " | %.4f | %.4f | %.1f |\n",
              x.detectEvery() == x.detectEveryMax()
                  ? String.valueOf(x.detectEvery())
                  : x.detectEvery() + ".." + x.detectEveryMax(),
              x.stillReuse(),
              x.frames(),
              x.fullPerFrame(),
              100 * x.keptShare(),
              x.looksPerFrame(),
              x.fps(),
              x.cpuMsPerFrame(),
              x.detectCpuMsPerFrame(),
              100 * c.sameLabel(),
              c.exprDiff(),
              c.auDiff(),
              c.valenceDiff(),
              x.exprStep(),
              x.labelChangesPer100()));
    }
  }

  /**
   * The JMH figures as a table, when {@code bench/run.sh} left JMH's JSON results beside the
   * report; empty otherwise.
   */
  static String jmhMarkdown(Path jmhJson) throws IOException {
    if (!Files.isRegularFile(jmhJson)) {
      return "";
    }
    JsonNode runs = new ObjectMapper().readTree(jmhJson.toFile());
    StringBuilder md = new StringBuilder("\n## Microbenchmarks (JMH, `jmh.json`)\n\n");
    md.append(
        "| benchmark | parameters | score | error (99.9%) | unit |\n|---|---|---:|---:|---|\n");
    for (JsonNode run : runs) {
      String name = run.path("benchmark").asText();
      name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
      List<String> params = new ArrayList<>();
      run.path("params")
          .fields()
          .forEachRemaining(e -> params.add(e.getKey() + "=" + e.getValue().asText()));
      JsonNode m = run.path("primaryMetric");
      md.append(
          f(
              "| %s | %s | %.2f | %.2f | %s |\n",
              name,
              String.join(", ", params),
              m.path("score").asDouble(),
              m.path("scoreError").asDouble(),
              m.path("scoreUnit").asText()));
    }
    return md.toString();
  }

  private void plots(Results r) throws IOException {
    XYChart batch =
        new XYChartBuilder()
            .width(640)
            .height(400)
            .title("Inference throughput vs batch size (" + r.setup().modelProvider() + ")")
            .xAxisTitle("batch size")
            .yAxisTitle("faces/s")
            .build();
    batch.addSeries(
        "ViT stand-in",
        r.inference().stream().map(i -> (double) i.batch()).toList(),
        r.inference().stream().map(Results.InferenceFigure::facesPerSecond).toList());
    save(batch, "throughput-vs-batch");

    if (!r.streams().isEmpty()) {
      XYChart streams =
          new XYChartBuilder()
              .width(640)
              .height(400)
              .title("Concurrent streams: p99 latency and frames/s per stream")
              .xAxisTitle("streams")
              .yAxisTitle("p99 capture-to-emit (ms)")
              .build();
      List<Double> n = r.streams().stream().map(x -> (double) x.streams()).toList();
      streams.addSeries("p99 ms", n, r.streams().stream().map(x -> x.latency().p99()).toList());
      XYSeries fps =
          streams.addSeries(
              "frames/s per stream", n, r.streams().stream().map(x -> x.fpsPerStream()).toList());
      fps.setYAxisGroup(1);
      streams.setYAxisGroupTitle(1, "frames/s per stream");
      save(streams, "streams-vs-p99");
    }

    if (r.memory() != null && r.memory().sampleSeconds().size() > 1) {
      XYChart rss =
          new XYChartBuilder()
              .width(640)
              .height(400)
              .title("Resident memory over the long run")
              .xAxisTitle("seconds")
              .yAxisTitle("VmRSS (MB)")
              .build();
      rss.addSeries("VmRSS", r.memory().sampleSeconds(), r.memory().sampleMb());
      save(rss, "rss-over-time");
    }
  }

  /** The latency histogram of one run, from the raw values (ms) of the pipeline's reservoir. */
  static void latencyHistogram(Path dir, String title, List<double[]> runs, List<String> names)
      throws IOException {
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
    int bins = 30;
    double width = Math.max(max, 1) / bins;
    List<String> labels =
        java.util.stream.IntStream.range(0, bins)
            .mapToObj(b -> String.format(Locale.ROOT, "%.0f", (b + 0.5) * width))
            .toList();
    for (int k = 0; k < runs.size(); k++) {
      double[] counts = new double[bins];
      for (double x : runs.get(k)) {
        counts[Math.min(bins - 1, (int) (x / width))]++;
      }
      chart.addSeries(names.get(k), labels, java.util.Arrays.stream(counts).boxed().toList());
    }
    BitmapEncoder.saveBitmap(
        chart, dir.resolve("latency-histogram").toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  private void save(XYChart chart, String name) throws IOException {
    BitmapEncoder.saveBitmap(chart, dir.resolve(name).toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  private static String num(double v, String format, String otherwise) {
    return Double.isFinite(v) ? f(format, v) : otherwise;
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
