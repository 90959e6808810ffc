package io.affectanalyzer.bench.e2e;

import static io.affectanalyzer.bench.e2e.ReportText.f;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;

/**
 * Resident memory over a long run: the pipeline on one file looped, RSS sampled every 250 ms, and
 * its growth after warm-up as a least-squares slope.
 */
record MemoryGrowth(BenchRig rig) {
  private static final int SAMPLE_MILLIS = 250;

  record Figure(
      String video,
      int loops,
      long frames,
      double seconds,
      double rssStartMb,
      double rssEndMb,
      double vmHwmMb,
      double slopeMbPerMinute,
      String slopeWindow,
      List<Double> sampleSeconds,
      List<Double> sampleMb) {}

  /** {@code in} must be a file; {@code videos}: its pipeline rate, for the loop count. */
  Figure measure(Input in, List<PerInputRuns.Figures> videos)
      throws BenchException, InterruptedException {
    int loops = loops(in, videos);
    BenchLog.log("memory: %s looped %d times", in.name(), loops);
    PipelineRun p;
    List<Double> secs;
    List<Double> mb;
    try (MemoryProbe probe = new MemoryProbe(SAMPLE_MILLIS)) {
      p = rig.pipeline().run(List.of(in.looped(loops)));
      secs = probe.seconds();
      mb = probe.megabytes();
    }
    // The first quarter is warm-up (JIT, ONNX Runtime arenas, ring slots filling): left out.
    int from = secs.size() / 4;
    double slopePerSecond =
        BenchMath.slope(secs.subList(from, secs.size()), mb.subList(from, mb.size()));
    return new Figure(
        in.name(),
        loops,
        p.frames(),
        p.nanos() / 1e9,
        mb.isEmpty() ? Double.NaN : mb.get(0),
        mb.isEmpty() ? Double.NaN : mb.get(mb.size() - 1),
        MemoryProbe.kilobytes("VmHWM") / 1024.0,
        slopePerSecond * 60,
        String.format(
            Locale.ROOT,
            "samples %d..%d of %d (every 250 ms), first quarter left out as warm-up",
            from,
            secs.size() - 1,
            secs.size()),
        secs,
        mb);
  }

  /**
   * The loop count given, else enough loops of {@code in} for {@code --memory-seconds} at the
   * pipeline rate just measured on it: growth needs a run long enough to show past warm-up.
   */
  private int loops(Input in, List<PerInputRuns.Figures> videos) {
    BenchOptions opt = rig.opt();
    if (opt.memoryLoops > 0) {
      return opt.memoryLoops;
    }
    return videos.stream()
        .filter(v -> v.video().equals(in.name()) && v.frames() > 0 && v.pipelineFps() > 0)
        .mapToInt(v -> (int) Math.ceil(opt.memorySeconds * v.pipelineFps() / v.frames()))
        .findFirst()
        .orElse(3);
  }

  /** Empty without a figure. */
  static String markdown(Figure mem) {
    if (mem == null) {
      return "";
    }
    return "\n## Resident memory over a long run\n\n"
        + f(
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
            mem.slopeWindow());
  }

  /** {@code rss-over-time.png}; none with fewer than two samples. */
  static void plot(Path dir, Figure mem) throws IOException {
    if (mem == null || mem.sampleSeconds().size() <= 1) {
      return;
    }
    XYChart rss = Plots.xy("Resident memory over the long run", "seconds", "VmRSS (MB)");
    rss.addSeries("VmRSS", mem.sampleSeconds(), mem.sampleMb());
    Plots.save(rss, dir, "rss-over-time");
  }
}
