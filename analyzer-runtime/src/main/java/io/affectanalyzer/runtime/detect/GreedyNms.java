package io.affectanalyzer.runtime.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Plain non-maximum suppression (what OpenCV does after YuNet): keep the best, drop overlaps. */
public final class GreedyNms {
  private final float iouThreshold;

  public GreedyNms(float iouThreshold) {
    this.iouThreshold = iouThreshold;
  }

  /** The kept faces, best score first. */
  public List<FaceDetection> nms(List<FaceDetection> candidates) {
    List<FaceDetection> sorted = new ArrayList<>(candidates);
    sorted.sort(Comparator.comparingDouble(FaceDetection::score).reversed());
    List<FaceDetection> kept = new ArrayList<>();
    for (FaceDetection c : sorted) {
      boolean overlaps = false;
      for (FaceDetection k : kept) {
        if (WeightedNms.iou(k, c) > iouThreshold) {
          overlaps = true;
          break;
        }
      }
      if (!overlaps) {
        kept.add(c);
      }
    }
    return kept;
  }
}
