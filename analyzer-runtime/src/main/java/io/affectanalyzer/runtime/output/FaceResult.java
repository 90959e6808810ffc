package io.affectanalyzer.runtime.output;

import io.affectanalyzer.runtime.detect.FaceDetection;
import io.affectanalyzer.runtime.model.AffectScores;

/**
 * One face of one frame, as written out.
 *
 * @param trackId identity kept across the stream's frames by the tracker
 * @param detection box, score and keypoints in frame pixels
 * @param analysed false when the face was too small (or no affect model is loaded)
 * @param scores the model's outputs, null when not analysed
 */
public record FaceResult(
    int trackId, FaceDetection detection, boolean analysed, AffectScores scores) {}
