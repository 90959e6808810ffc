package io.affectanalyzer.bench.e2e;

import static io.affectanalyzer.bench.e2e.ReportText.f;

import io.affectanalyzer.runtime.pipeline.Pipeline;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ratio, pipeline / min(decode, inference), with inference alone measured at the batch
 * size nearest the pipeline's mean just before and just after each pipeline run: the stage limits
 * at the top of the report come minutes before the pipeline figures, and this machine's speed
 * drifts by more than the ratio's margin in that time. With the inference core and without it,
 * interleaved over the rounds.
 *
 * @param inference measures the limit at the pipeline's batch size
 */
record PairedRounds(BenchRig rig, InferenceLimit inference) {
  /**
   * The pipeline and its limit measured in turn: inference alone at {@code batch} just before and
   * just after each pipeline run on {@code video}, with {@code --pin-inference} at {@code pinning}.
   * Medians over the rounds, and the range of the ratio.
   */
  record Figure(
      String video,
      int loops,
      int batch,
      String pinning,
      int rounds,
      double decodeFps,
      double inferenceLimitFps,
      double pipelineFps,
      double ratio,
      double ratioLowest,
      double ratioHighest,
      double inferenceThreadBusy,
      double inferenceThreadWaiting,
      double pinnedShare,
      double coresBusy) {}

  /** {@code in} must be a file; {@code d}: its decode; {@code meanBatch}: its pipeline's. */
  List<Figure> measure(Input in, DecodeLimit.Run d, double meanBatch)
      throws BenchException, InterruptedException {
    BenchOptions opt = rig.opt();
    int loops = opt.quick ? 1 : 2;
    int rounds = opt.quick ? 1 : 5;
    int batch = opt.batches[BenchMath.nearest(opt.batches, Math.max(1, meanBatch))];
    double decodeFps = d.fps();
    Pipeline.Config config = rig.config();
    List<Pipeline.Config> settings =
        rig.plan() != null
            ? List.of(
                config.withInferenceCore(null),
                config.withInferenceCore(rig.plan()),
                config.withInferenceCore(rig.plan().always()))
            : List.of(config);
    int n = settings.size();
    double[][] limit = new double[n][rounds];
    double[][] fps = new double[n][rounds];
    double[][] ratio = new double[n][rounds];
    double[][] inferBusy = new double[n][rounds];
    double[][] inferWaiting = new double[n][rounds];
    double[][] busy = new double[n][rounds];
    double[][] pinnedShare = new double[n][rounds];
    for (int r = 0; r < rounds; r++) {
      for (int k = 0; k < n; k++) {
        Pipeline.Config c = settings.get(k);
        BenchLog.log(
            "pipeline and inference limit in turn, pinning %s: %s looped %d times, round %d",
            BenchRig.pinning(c), in.name(), loops, r + 1);
        double before = inference.at(batch).facesPerSecond();
        PipelineRun p = rig.pipeline().run(List.of(in.looped(loops)), c, f -> {});
        double after = inference.at(batch).facesPerSecond();
        double facesPerFrame = p.frames() == 0 ? Double.NaN : (double) p.faces() / p.frames();
        limit[k][r] = (before + after) / 2 / facesPerFrame;
        fps[k][r] = p.fps();
        ratio[k][r] = BenchMath.ratio(fps[k][r], Math.min(decodeFps, limit[k][r]));
        inferBusy[k][r] = p.shareOfRun(p.cpuSecondsByRole(), "infer");
        inferWaiting[k][r] = p.shareOfRun(p.waitingSecondsByRole(), "infer");
        busy[k][r] = p.coresBusy();
        pinnedShare[k][r] = p.pinnedSeconds() / (p.nanos() / 1e9);
      }
    }
    List<Figure> out = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      double[] sorted = ratio[k].clone();
      Arrays.sort(sorted);
      out.add(
          new Figure(
              in.name(),
              loops,
              batch,
              BenchRig.pinning(settings.get(k)),
              rounds,
              decodeFps,
              BenchMath.median(limit[k]),
              BenchMath.median(fps[k]),
              BenchMath.median(ratio[k]),
              sorted[0],
              sorted[rounds - 1],
              BenchMath.median(inferBusy[k]),
              BenchMath.median(inferWaiting[k]),
              BenchMath.median(pinnedShare[k]),
              BenchMath.median(busy[k])));
    }
    return out;
  }

  /** Empty without figures. */
  static String markdown(List<Figure> figures) {
    if (figures.isEmpty()) {
      return "";
    }
    Figure f0 = figures.get(0);
    StringBuilder md =
        new StringBuilder("\n## The pipeline against its limit, measured in turn\n\n");
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
    for (Figure x : figures) {
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
    return md.toString();
  }
}
