package io.affectanalyzer.runtime.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * MediaPipe's weighted non-maximum suppression: the best remaining candidate gathers every other
 * candidate overlapping it by more than the IoU threshold, and the group becomes one face whose box
 * and keypoints are the score-weighted mean of the group and whose score is the best one's. It
 * steadies boxes from frame to frame better than keeping only the best.
 */
public final class WeightedNms {
  /** MediaPipe's face-detection setting. */
  public static final float DEFAULT_IOU = 0.3f;

  private final float iouThreshold;

  public WeightedNms(float iouThreshold) {
    this.iouThreshold = iouThreshold;
  }

  public WeightedNms() {
    this(DEFAULT_IOU);
  }

  /** The merged faces, best score first. */
  public List<FaceDetection> nms(List<FaceDetection> candidates) {
    List<FaceDetection> remaining = new ArrayList<>(candidates);
    remaining.sort(Comparator.comparingDouble(FaceDetection::score).reversed());
    List<FaceDetection> out = new ArrayList<>();
    List<FaceDetection> group = new ArrayList<>();
    while (!remaining.isEmpty()) {
      FaceDetection best = remaining.get(0);
      group.clear();
      for (int i = 0; i < remaining.size(); ) {
        FaceDetection c = remaining.get(i);
        if (c == best || iou(best, c) > iouThreshold) {
          group.add(c);
          remaining.remove(i);
        } else {
          i++;
        }
      }
      out.add(group.size() == 1 ? best : merge(best, group));
    }
    return out;
  }

  private static FaceDetection merge(FaceDetection best, List<FaceDetection> group) {
    float total = 0;
    float x0 = 0;
    float y0 = 0;
    float x1 = 0;
    float y1 = 0;
    float[] kps = new float[best.keypoints().length];
    for (FaceDetection d : group) {
      float w = d.score();
      total += w;
      x0 += d.x() * w;
      y0 += d.y() * w;
      x1 += (d.x() + d.width()) * w;
      y1 += (d.y() + d.height()) * w;
      for (int k = 0; k < kps.length; k++) {
        kps[k] += d.keypoints()[k] * w;
      }
    }
    for (int k = 0; k < kps.length; k++) {
      kps[k] /= total;
    }
    x0 /= total;
    y0 /= total;
    x1 /= total;
    y1 /= total;
    return new FaceDetection(x0, y0, x1 - x0, y1 - y0, best.score(), kps);
  }

  /** Intersection over union of two boxes; 0 when either is empty. */
  public static float iou(FaceDetection a, FaceDetection b) {
    float ix = Math.min(a.x() + a.width(), b.x() + b.width()) - Math.max(a.x(), b.x());
    float iy = Math.min(a.y() + a.height(), b.y() + b.height()) - Math.max(a.y(), b.y());
    if (ix <= 0 || iy <= 0) {
      return 0;
    }
    float inter = ix * iy;
    float union = a.width() * a.height() + b.width() * b.height() - inter;
    return union <= 0 ? 0 : inter / union;
  }
}
