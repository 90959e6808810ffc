package io.affectanalyzer.runtime.dashboard;

import io.affectanalyzer.runtime.model.AffectScores;
import io.affectanalyzer.runtime.output.FaceResult;
import io.affectanalyzer.runtime.output.FrameResult;

/**
 * One frame of a stream's timeline: what its largest analysed face showed.
 *
 * @param ptsMillis the frame's presentation time
 * @param expr the 8 expression probabilities, or null: no analysed face, or no expression head
 * @param va valence and arousal, or null
 */
record TimelinePoint(long ptsMillis, float[] expr, float[] va) {
  /** The point of {@code frame}: its largest face with scores, or a gap. */
  static TimelinePoint of(FrameResult frame) {
    AffectScores best = null;
    float bestArea = -1;
    for (FaceResult face : frame.faces()) {
      float area = face.detection().width() * face.detection().height();
      if (face.scores() != null && area > bestArea) {
        best = face.scores();
        bestArea = area;
      }
    }
    return new TimelinePoint(
        frame.ptsMillis(), best != null ? best.expr() : null, best != null ? best.va() : null);
  }
}
