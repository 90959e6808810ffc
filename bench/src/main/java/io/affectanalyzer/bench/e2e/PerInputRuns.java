package io.affectanalyzer.bench.e2e;

import static io.affectanalyzer.bench.e2e.ReportText.f;
import static io.affectanalyzer.bench.e2e.ReportText.joined;
import static io.affectanalyzer.bench.e2e.ReportText.num;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The full pipeline on each input, against the stage limits measured alone (decode, detection,
 * inference): frames/s, capture-to-emit latency, the pipeline's stage timers and CPU by thread.
 *
 * @param histogram keeps the sample video's run (or a lone stream's) for the latency plot
 */
record PerInputRuns(BenchRig rig, DetectionLimit detection, LatencyHistogram histogram) {
  /** One input's stage limits, pipeline figures, and the ratios between them. */
  record Figures(
      String video,
      int width,
      int height,
      long frames,
      double decodeFps,
      long detectFrames,
      double detectFps,
      double detectFacesPerSecond,
      Map<String, Double> singlePassDetectFps,
      double pipelineFps,
      double pipelineFacesPerSecond,
      double facesPerFrame,
      double meanBatch,
      double inferenceLimitFps,
      double pipelinedLimitFps,
      double serialLimitFps,
      double coreLimitFps,
      double scaledCoreLimitFps,
      double ratioToPipelinedLimit,
      double ratioToSerialLimit,
      double ratioToCoreLimit,
      double ratioToScaledCoreLimit,
      Map<String, Double> stageMeanMs,
      Map<String, Double> cpuMsPerFrame,
      double coresBusy,
      Results.Latency latency) {}

  /**
   * Per input, detection as the pipeline runs it and then the pipeline; {@code singlePass} (one map
   * per input, the looks alone) gains the whole-frame rate. {@code speedup}: the last of {@link
   * SessionScaling}, NaN without.
   */
  List<Figures> measure(
      List<Input> inputs,
      List<DecodeLimit.Run> decodes,
      List<Map<String, Double>> singlePass,
      List<InferenceLimit.Figure> inference,
      double speedup)
      throws BenchException, InterruptedException {
    List<Figures> out = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      Input in = inputs.get(i);
      DecodeLimit.Run d = decodes.get(i);
      DetectionLimit.Run det = detection.asThePipelineDoes(d.images(), singlePass.get(i));
      BenchLog.log("pipeline: %s", in.name());
      PipelineRun p = rig.pipeline().run(List.of(in.open().get()));
      if (in.name().equals("WolfgangLanger_Pexels.mp4") || (i == 0 && in.path() == null)) {
        histogram.keep(in.name() + " (file, saturated)", p.latency());
      }
      out.add(figures(in, d, det, singlePass.get(i), p, inference, speedup));
    }
    return out;
  }

  private Figures figures(
      Input in,
      DecodeLimit.Run d,
      DetectionLimit.Run det,
      Map<String, Double> singlePass,
      PipelineRun p,
      List<InferenceLimit.Figure> inference,
      double speedup) {
    double decodeFps = d.fps();
    double detectFps = det.fps();
    double pipelineFps = p.fps();
    double facesPerFrame = p.frames() == 0 ? 0 : (double) p.faces() / p.frames();
    int[] batches = inference.stream().mapToInt(InferenceLimit.Figure::batch).toArray();
    InferenceLimit.Figure near =
        inference.get(BenchMath.nearest(batches, Math.max(1, p.meanBatch())));
    double inferenceLimit =
        facesPerFrame > 0 ? near.facesPerSecond() / facesPerFrame : Double.POSITIVE_INFINITY;
    double pipelined = BenchMath.pipelinedLimit(decodeFps, detectFps, inferenceLimit);
    double serial = BenchMath.serialLimit(decodeFps, detectFps, inferenceLimit);
    double cores = BenchMath.coreLimit(rig.stagesAtOnce(), decodeFps, detectFps, inferenceLimit);
    double scaled =
        Double.isFinite(speedup)
            ? BenchMath.coreLimit(speedup, decodeFps, detectFps, inferenceLimit)
            : cores;
    return new Figures(
        in.name(),
        d.width(),
        d.height(),
        d.frames(),
        decodeFps,
        det.frames(),
        detectFps,
        BenchMath.rate(det.faces(), det.nanos()),
        singlePass,
        pipelineFps,
        BenchMath.rate(p.faces(), p.nanos()),
        facesPerFrame,
        p.meanBatch(),
        Double.isFinite(inferenceLimit) ? inferenceLimit : Double.NaN,
        pipelined,
        serial,
        cores,
        scaled,
        BenchMath.ratio(pipelineFps, pipelined),
        BenchMath.ratio(pipelineFps, serial),
        BenchMath.ratio(pipelineFps, cores),
        BenchMath.ratio(pipelineFps, scaled),
        p.stageMeanMs(),
        p.cpuMsPerFrame(),
        p.coresBusy(),
        Results.Latency.of(p.latency()));
  }

  static String markdown(List<Figures> videos) {
    StringBuilder md = new StringBuilder("\n## Per input: stage limits and the full pipeline\n\n");
    md.append(
        "| input | size | frames | decode fps | detect fps (batch 1) | detect faces/s | inference"
            + " limit fps | pipeline fps | pipeline faces/s | faces/frame | mean batch | ratio to"
            + " pipelined limit | ratio to serial limit | ratio to core limit | ratio to measured"
            + " core limit |\n");
    md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Figures v : videos) {
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
    for (Figures v : videos) {
      Results.Latency l = v.latency();
      md.append(
          f(
              "| %s | %d | %.1f | %.1f | %.1f | %.1f |\n",
              v.video(), l.count(), l.p50(), l.p95(), l.p99(), l.max()));
    }
    md.append(DetectionLimit.markdown(videos));
    md.append(
        "\nMean milliseconds per call of the pipeline's own stage timers (detect and align per"
            + " frame, infer per batch):\n\n| input | stages |\n|---|---|\n");
    for (Figures v : videos) {
      md.append(f("| %s | %s |\n", v.video(), joined(v.stageMeanMs(), "%.2f")));
    }
    md.append(
        "\nCPU milliseconds per frame by thread, during the pipeline run (from /proc: stages by"
            + " name, decode = the source threads and FFmpeg's, jit = the JIT compilers), and the"
            + " share of all cores the process kept busy:\n\n| input | CPU ms per frame | total |"
            + " cores busy |\n|---|---|---:|---:|\n");
    for (Figures v : videos) {
      double total = v.cpuMsPerFrame().values().stream().mapToDouble(Double::doubleValue).sum();
      md.append(
          f(
              "| %s | %s | %.2f | %s |\n",
              v.video(),
              joined(v.cpuMsPerFrame(), "%.2f"),
              total,
              num(v.coresBusy() * 100, "%.0f%%", "n/a")));
    }
    md.append(
        "\nFile inputs are read as fast as the pipeline takes them, so their latency includes"
            + " time queued in the ring (32 slots): it measures a saturated pipeline, not a live"
            + " one. See the live figure below.\n");
    return md.toString();
  }

  /** What the report's limits mean, for its head: how the ratios of this section are taken. */
  static String limitsNote(BenchRig rig) {
    return "pipelined limit = min(decode, detection, inference) frames/s, detection as the"
        + " pipeline runs it (whole frame every "
        + rig.config().detectEvery()
        + " frames, doubling up to every "
        + rig.config().detectEveryMax()
        + " while no new face shows up, close to the last faces between, and no look for a"
        + " face still enough to"
        + " keep its box, up to "
        + rig.config().stillReuse()
        + " frames in a row): the stages run on their"
        + " own threads, so the slowest bounds the pipeline when cores suffice; serial"
        + " limit = 1/sum(1/stage): all stages sharing one core; core limit = min(pipelined,"
        + " stages at once x serial): every core busy with stage work, the most this"
        + " machine can give; stages at once = cores / ONNX Runtime threads per session ("
        + rig.stagesAtOnce()
        + " here; FFmpeg may decode on more threads, so decode counts a little light);"
        + " measured core limit = the same with the stages at once counted at the speedup"
        + " measured with that many inference sessions at once (cores that share a"
        + " physical core or its caches give less than one each)."
        + " Inference limit = faces/s"
        + " at the batch size nearest the pipeline's mean batch, / faces per frame (left"
        + " out for inputs without faces). Alignment, tracking and output are left out:"
        + " microseconds per face (see the JMH figures). The pipeline figures follow "
        + rig.opt().warmupSeconds
        + " s of unmeasured runs of the first input, as the stage limits follow their"
        + " warm-up calls.";
  }
}
