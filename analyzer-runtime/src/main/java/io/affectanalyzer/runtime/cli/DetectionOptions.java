package io.affectanalyzer.runtime.cli;

import io.affectanalyzer.runtime.detect.FaceDetectors;
import io.affectanalyzer.runtime.pipeline.Pipeline;
import picocli.CommandLine.Option;

/** {@code run}'s detection options: which detector, its threshold, how often it looks. */
final class DetectionOptions {
  @Option(
      names = "--detector",
      paramLabel = "DETECTOR",
      defaultValue = FaceDetectors.DEFAULT,
      description =
          "blazeface (default: full-range proposals confirmed by a close look),"
              + " blazeface-back256 (full range only), blazeface-front128 (faces close to the"
              + " camera), or yunet:<model.onnx>.")
  String detector;

  @Option(
      names = "--min-score",
      paramLabel = "SCORE",
      description =
          "Detection score threshold (default: the detector's own, 0.5 to propose and 0.7 to"
              + " confirm for blazeface).")
  Float minScore;

  @Option(
      names = "--detect-every",
      defaultValue = "8",
      paramLabel = "N",
      description =
          "blazeface: look at the whole frame every N frames of a video or stream, and in between"
              + " only close to the faces of the last frame (for one face about 5 times cheaper);"
              + " also at once when a face is lost. The interval grows up to --detect-every-max"
              + " while nothing new shows up. 1 = the whole frame every time. Image folders always"
              + " get the whole look. (default: ${DEFAULT-VALUE})")
  int detectEvery;

  @Option(
      names = "--detect-every-max",
      paramLabel = "N",
      description =
          "blazeface: while the whole-frame looks find no new face, their interval doubles from"
              + " --detect-every up to every N frames; a new or lost face sets it back. N ="
              + " --detect-every keeps the interval fixed. (default: 32, or --detect-every if"
              + " larger)")
  Integer detectEveryMax;

  @Option(
      names = "--still-reuse",
      defaultValue = "2",
      paramLabel = "N",
      description =
          "blazeface: a face whose centre moved so little between its last two close looks that"
              + " it would have drifted less than 3%% of its size keeps its box for up to N frames"
              + " with no look (its pixels are still analysed anew each frame); 0 = look every"
              + " frame. (default: ${DEFAULT-VALUE})")
  int stillReuse;

  @Option(
      names = "--min-face",
      defaultValue = "32",
      paramLabel = "PIXELS",
      description =
          "Faces smaller than this are reported but not analysed (default: ${DEFAULT-VALUE}).")
  float minFace;

  void validate() throws UserError {
    UserError.require(detectEvery >= 1, "--detect-every must be at least 1, is " + detectEvery);
    UserError.require(
        detectEveryMax() >= detectEvery,
        "--detect-every-max ("
            + detectEveryMax
            + ") must be at least --detect-every ("
            + detectEvery
            + ")");
    UserError.require(stillReuse >= 0, "--still-reuse must not be negative, is " + stillReuse);
  }

  /** The longest interval between whole-frame looks: as given, or the default, or the shortest. */
  int detectEveryMax() {
    return detectEveryMax != null
        ? detectEveryMax
        : Math.max(Pipeline.Config.DEFAULT_DETECT_EVERY_MAX, detectEvery);
  }
}
