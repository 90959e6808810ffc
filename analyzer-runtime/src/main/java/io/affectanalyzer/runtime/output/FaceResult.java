package io.affectanalyzer.runtime.output;

import io.affectanalyzer.runtime.detect.FaceDetection;
import io.affectanalyzer.runtime.model.AffectScores;

/**
 * One face of one frame, as written out.
 *
 * @param trackId identity kept across the stream's frames by the tracker
 * @param detection box, score and keypoints in frame pixels
 * @param analysed false when the face was too small (or no affect model is loaded)
 * @param scores the model's outputs, smoothed over the track when smoothing is on; null when not
 *     analysed
 * @param raw the model's own outputs for this frame when smoothing is on (written beside the
 *     smoothed ones), else null
 */
public record FaceResult(
    int trackId, FaceDetection detection, boolean analysed, AffectScores scores, AffectScores raw) {
  /** A face whose scores are the model's own (no smoothing). */
  public FaceResult(int trackId, FaceDetection detection, boolean analysed, AffectScores scores) {
    this(trackId, detection, analysed, scores, null);
  }
}
