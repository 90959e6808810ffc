package io.affectanalyzer.bench.e2e;

import static io.affectanalyzer.bench.e2e.ReportText.f;
import static io.affectanalyzer.bench.e2e.ReportText.joined;

import com.codahale.metrics.MetricRegistry;
import io.affectanalyzer.runtime.detect.FaceDetector;
import io.affectanalyzer.runtime.detect.FaceDetectors;
import io.affectanalyzer.runtime.detect.TwoPassBlazeFaceDetector;
import io.affectanalyzer.runtime.frame.Image;
import io.affectanalyzer.runtime.pipeline.FaceFollower;
import io.affectanalyzer.runtime.pipeline.PipelineMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The detection limit: detection alone on frames decoded before ({@link DecodeLimit}), at batch 1
 * (BlazeFace takes one frame a call): as the pipeline's detect stage runs it, on every whole frame,
 * and each look of the default two-pass detector alone. Its figures sit in the per-input section.
 */
record DetectionLimit(BenchRig rig) {
  /** The default detector's two looks, each alone: where detection time goes. */
  private static final List<String> LOOKS = List.of("blazeface-front128", "blazeface-back256");

  record Run(long frames, long faces, long nanos) {
    double fps() {
      return BenchMath.rate(frames, nanos);
    }
  }

  /** Frames/s of each look alone, one map per decoded input. */
  List<Map<String, Double>> singleLooks(List<DecodeLimit.Run> decodes) {
    List<Map<String, Double>> out = new ArrayList<>();
    for (DecodeLimit.Run d : decodes) {
      out.add(new TreeMap<>());
    }
    for (String name : LOOKS) {
      try (FaceDetector single = FaceDetectors.open(name, rig.ort())) {
        for (int i = 0; i < decodes.size(); i++) {
          out.get(i).put(name, alone(single, decodes.get(i).images()).fps());
        }
      }
    }
    return out;
  }

  /**
   * Detection as the pipeline's detect stage runs it on a video, through the stage's own {@link
   * FaceFollower}: with the default detector, the whole frame every {@code detectEvery} frames
   * (doubling up to {@code detectEveryMax} while no new face shows up) and when a face is lost,
   * else only close to the last faces, or no look for a still face. The whole-frame rate goes into
   * {@code perFrame} beside the single looks.
   */
  Run asThePipelineDoes(List<Image> images, Map<String, Double> perFrame) {
    FaceDetector detector = rig.detector();
    Run every = alone(detector, images);
    if (!(detector instanceof TwoPassBlazeFaceDetector) || rig.config().detectEvery() <= 1) {
      return every;
    }
    perFrame.put("two-pass on every frame", every.fps());
    int rounds = rounds();
    long faces = 0;
    long t0 = System.nanoTime();
    for (int r = 0; r < rounds; r++) {
      FaceFollower follower =
          new FaceFollower(detector, rig.config(), new PipelineMetrics(new MetricRegistry()));
      for (Image image : images) {
        faces += follower.faces(0, image, true).size();
      }
    }
    return new Run((long) rounds * images.size(), faces, System.nanoTime() - t0);
  }

  /** {@code detector} on every frame, after three warm-up calls. */
  private Run alone(FaceDetector detector, List<Image> images) {
    if (images.isEmpty()) {
      return new Run(0, 0, 0);
    }
    for (int i = 0; i < Math.min(3, images.size()); i++) {
      detector.detect(images.get(i)); // warm-up: first runs allocate and plan
    }
    int rounds = rounds();
    long faces = 0;
    long t0 = System.nanoTime();
    for (int r = 0; r < rounds; r++) {
      for (Image img : images) {
        faces += detector.detect(img).size();
      }
    }
    return new Run((long) rounds * images.size(), faces, System.nanoTime() - t0);
  }

  private int rounds() {
    return rig.opt().quick ? 1 : 2;
  }

  /** The per-input section's table of detection alone. */
  static String markdown(List<PerInputRuns.Figures> videos) {
    StringBuilder md =
        new StringBuilder(
            "\nDetection only, frames/s (batch 1): the default two-pass detector as the pipeline"
                + " runs it (following faces between whole-frame looks), on every whole frame, and"
                + " each of its looks alone:\n\n| input | as the pipeline runs it | whole frame, and"
                + " each look alone |\n|---|---:|---|\n");
    for (PerInputRuns.Figures v : videos) {
      md.append(
          f(
              "| %s | %.1f | %s |\n",
              v.video(), v.detectFps(), joined(v.singlePassDetectFps(), "%.1f")));
    }
    return md.toString();
  }
}
