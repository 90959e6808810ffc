package io.affectanalyzer.bench.e2e;

import static io.affectanalyzer.bench.e2e.ReportText.f;

import io.affectanalyzer.runtime.pipeline.Pipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How much the detect stage's economies save and change: the pipeline on one file with a close look
 * at every frame and full passes every {@code detectEvery} frames (the stage before it kept boxes
 * or lengthened the interval), then with boxes kept ({@code stillReuse}), then with the configured
 * settings (the interval doubling up to {@code detectEveryMax} as well); interleaved over the
 * rounds (this machine's speed drifts). Speed figures are the rounds' medians, score comparisons
 * from the first round.
 */
record DetectSettings(BenchRig rig) {
  /**
   * One setting of the detect stage's intervals on one input: how much looking it saved, what it
   * cost in CPU and throughput (median of the rounds), and how its scores compare with the first
   * setting's (a close look at every frame, full passes at a fixed interval).
   */
  record Figure(
      String video,
      int loops,
      int detectEvery,
      int detectEveryMax,
      int stillReuse,
      int rounds,
      long frames,
      double fullPerFrame,
      double keptShare,
      double looksPerFrame,
      double fps,
      double cpuMsPerFrame,
      double detectCpuMsPerFrame,
      ScoreSeries.Comparison againstFirst,
      double exprStep,
      double labelChangesPer100) {}

  /** {@code in} must be a file; the settings are the configuration's own and two with less. */
  List<Figure> measure(Input in) throws BenchException, InterruptedException {
    int loops = rig.opt().quick ? 1 : 2;
    int rounds = rig.opt().quick ? 1 : 3;
    Pipeline.Config config = rig.config();
    int every = config.detectEvery();
    List<Pipeline.Config> settings =
        List.of(
            config.withDetection(every, every, 0),
            config.withDetection(every, every, config.stillReuse()),
            config);
    int n = settings.size();
    double[][] fps = new double[n][rounds];
    double[][] cpuMs = new double[n][rounds];
    double[][] detectMs = new double[n][rounds];
    PipelineRun[] first = new PipelineRun[n];
    ScoreSeries[] scores = new ScoreSeries[n];
    for (int r = 0; r < rounds; r++) {
      for (int k = 0; k < n; k++) {
        Pipeline.Config c = settings.get(k);
        BenchLog.log(
            "detection every %d..%d, still-reuse %d: %s looped %d times, round %d",
            c.detectEvery(), c.detectEveryMax(), c.stillReuse(), in.name(), loops, r + 1);
        ScoreSeries series = new ScoreSeries();
        PipelineRun p = rig.pipeline().run(List.of(in.looped(loops)), c, series::add);
        if (r == 0) {
          first[k] = p;
          scores[k] = series;
        }
        fps[k][r] = p.fps();
        Map<String, Double> perFrame = p.cpuMsPerFrame();
        cpuMs[k][r] = perFrame.values().stream().mapToDouble(Double::doubleValue).sum();
        detectMs[k][r] = perFrame.getOrDefault("detect", Double.NaN);
      }
    }
    List<Figure> out = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      PipelineRun p = first[k];
      Pipeline.Config c = settings.get(k);
      double frames = p.frames() == 0 ? Double.NaN : p.frames();
      out.add(
          new Figure(
              in.name(),
              loops,
              c.detectEvery(),
              c.detectEveryMax(),
              c.stillReuse(),
              rounds,
              p.frames(),
              p.full() / frames,
              p.kept() / frames,
              p.looks() / frames,
              BenchMath.median(fps[k]),
              BenchMath.median(cpuMs[k]),
              BenchMath.median(detectMs[k]),
              scores[k].against(scores[0]),
              scores[k].exprStep(),
              scores[k].labelChangesPer100()));
    }
    return out;
  }

  /** Empty without figures. */
  static String markdown(List<Figure> figures) {
    if (figures.isEmpty()) {
      return "";
    }
    Figure f0 = figures.get(0);
    StringBuilder md = new StringBuilder("\n## Looking less: the detect stage's settings\n\n");
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
    for (Figure x : figures) {
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
    return md.toString();
  }
}
