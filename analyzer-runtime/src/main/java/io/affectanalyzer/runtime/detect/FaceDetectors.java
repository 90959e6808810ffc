package io.affectanalyzer.runtime.detect;

import io.affectanalyzer.runtime.onnx.OrtSessions;
import java.nio.file.Path;

/** Opens a detector by the name a user gives (a command-line option, a config line). */
public final class FaceDetectors {
  /** The default: {@link TwoPassBlazeFaceDetector} with its default scores. */
  public static final String DEFAULT = "blazeface";

  public static final String CHOICES =
      "blazeface, blazeface-front128, blazeface-back256, yunet:<model.onnx>";

  private FaceDetectors() {}

  /**
   * @param spec one of {@link #CHOICES}
   * @throws IllegalArgumentException with one line naming the choices, for an unknown spec, or
   *     naming the file, for a bad YuNet model
   */
  public static FaceDetector open(String spec, OrtSessions.Options options) {
    return open(spec, null, options);
  }

  /**
   * As {@link #open(String, OrtSessions.Options)} with a score threshold; null keeps the detector's
   * default (for {@link #DEFAULT} the threshold is the confirming look's).
   */
  public static FaceDetector open(String spec, Float minScore, OrtSessions.Options options) {
    String s = spec.trim();
    float blaze = minScore != null ? minScore : BlazeFaceDetector.DEFAULT_MIN_SCORE;
    if (s.startsWith("yunet:")) {
      return YuNetDetector.open(
          Path.of(s.substring("yunet:".length())),
          minScore != null ? minScore : YuNetDetector.DEFAULT_MIN_SCORE,
          options);
    }
    return switch (s) {
      case DEFAULT ->
          TwoPassBlazeFaceDetector.open(
              TwoPassBlazeFaceDetector.DEFAULT_PROPOSE_SCORE,
              minScore != null ? minScore : TwoPassBlazeFaceDetector.DEFAULT_CONFIRM_SCORE,
              options);
      case "blazeface-front128" ->
          BlazeFaceDetector.open(BlazeFaceDetector.Variant.FRONT_128, blaze, options);
      case "blazeface-back256" ->
          BlazeFaceDetector.open(BlazeFaceDetector.Variant.BACK_256, blaze, options);
      default ->
          throw new IllegalArgumentException(
              "unknown face detector '" + spec + "' (choose " + CHOICES + ")");
    };
  }
}
