package io.affectanalyzer.bench.e2e;

import static io.affectanalyzer.bench.e2e.ReportText.f;

import io.affectanalyzer.runtime.source.SourceException;
import java.nio.file.Path;
import java.util.List;

/**
 * Latency of one live stream: a file paced at its own frame rate and marked live, so capture is the
 * frame's due time and the pipeline drops rather than queues when it falls behind.
 *
 * @param histogram keeps the live run for the latency plot
 */
record LiveLatency(BenchRig rig, LatencyHistogram histogram) {
  record Figure(
      String video,
      String how,
      double sourceFps,
      long frames,
      long dropped,
      double seconds,
      Results.Latency latency) {}

  /** {@code in} must be a file, looped for about {@code --live-seconds}; {@code d}: its decode. */
  Figure measure(Input in, DecodeLimit.Run d) throws BenchException, InterruptedException {
    double sourceFps = measuredFps(in.path());
    int loops =
        Math.max(1, (int) Math.ceil(rig.opt().liveSeconds * sourceFps / Math.max(1, d.frames())));
    BenchLog.log("live: %s paced at %.2f fps, %d loops", in.name(), sourceFps, loops);
    PipelineRun p = rig.pipeline().run(List.of(new BenchSource(in.path(), in.name(), loops, true)));
    histogram.keep(in.name() + " (live, paced)", p.latency());
    return new Figure(
        in.name(),
        "file paced at its own frame rate, marked live (drop-oldest queue of "
            + rig.config().liveQueue()
            + "); capture = the frame's due time",
        sourceFps,
        p.frames(),
        p.dropped(),
        p.nanos() / 1e9,
        Results.Latency.of(p.latency()));
  }

  /** Frames per second from the file's timestamps (frames over the span of their pts). */
  private static double measuredFps(Path path) throws BenchException {
    try (BenchSource s = new BenchSource(path, path.toString(), 1, false)) {
      s.start();
      long first = -1;
      long last = 0;
      long n = 0;
      while (s.grab() != null) {
        if (first < 0) {
          first = s.timestampMillis();
        }
        last = s.timestampMillis();
        n++;
      }
      return n > 1 && last > first ? (n - 1) * 1000.0 / (last - first) : 30;
    } catch (SourceException e) {
      throw new BenchException(e.getMessage());
    }
  }

  /** Empty without a figure. */
  static String markdown(Figure l) {
    if (l == null) {
      return "";
    }
    Results.Latency ms = l.latency();
    return "\n## Live latency\n\n"
        + f(
            "%s (%s) at %.2f fps: %d frames in %.1f s, %d dropped; capture-to-emit p50 %.1f ms,"
                + " p95 %.1f ms, **p99 %.1f ms**, max %.1f ms.\n",
            l.video(),
            l.how(),
            l.sourceFps(),
            l.frames(),
            l.seconds(),
            l.dropped(),
            ms.p50(),
            ms.p95(),
            ms.p99(),
            ms.max());
  }
}
