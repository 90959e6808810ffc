package io.affectanalyzer.runtime.track;

import io.affectanalyzer.runtime.detect.FaceDetection;
import java.util.ArrayList;
import java.util.List;

/**
 * Gives each face of a stream an id that stays with it from frame to frame: greedy matching of
 * boxes by overlap with the tracks of recent frames. One instance per stream, one thread.
 */
public final class IouTracker {
  private static final float MIN_IOU = 0.3f;
  private final int maxMissedFrames;
  private final List<Track> tracks = new ArrayList<>();
  private int nextId = 1;

  private static final class Track {
    final int id;
    FaceDetection last;
    int missed;

    Track(int id, FaceDetection last) {
      this.id = id;
      this.last = last;
    }
  }

  public IouTracker(int maxMissedFrames) {
    this.maxMissedFrames = maxMissedFrames;
  }

  /** Track ids for {@code faces}, in their order. */
  public int[] update(List<FaceDetection> faces) {
    int[] ids = new int[faces.size()];
    boolean[] taken = new boolean[tracks.size()];
    boolean[] assigned = new boolean[faces.size()];
    // Best pairs first, so two nearby faces do not swap ids.
    List<float[]> pairs = new ArrayList<>();
    for (int f = 0; f < faces.size(); f++) {
      for (int t = 0; t < tracks.size(); t++) {
        float iou = iou(faces.get(f), tracks.get(t).last);
        if (iou >= MIN_IOU) {
          pairs.add(new float[] {iou, f, t});
        }
      }
    }
    pairs.sort((a, b) -> Float.compare(b[0], a[0]));
    for (float[] p : pairs) {
      int f = (int) p[1];
      int t = (int) p[2];
      if (!assigned[f] && !taken[t]) {
        assigned[f] = true;
        taken[t] = true;
        Track track = tracks.get(t);
        track.last = faces.get(f);
        track.missed = 0;
        ids[f] = track.id;
      }
    }
    for (int t = tracks.size() - 1; t >= 0; t--) {
      if (!taken[t] && ++tracks.get(t).missed > maxMissedFrames) {
        tracks.remove(t);
      }
    }
    for (int f = 0; f < faces.size(); f++) {
      if (!assigned[f]) {
        Track track = new Track(nextId++, faces.get(f));
        tracks.add(track);
        ids[f] = track.id;
      }
    }
    return ids;
  }

  /** Whether the track {@code id} is still followed (it has not been missing too long). */
  public boolean follows(int id) {
    for (Track t : tracks) {
      if (t.id == id) {
        return true;
      }
    }
    return false;
  }

  static float iou(FaceDetection a, FaceDetection b) {
    float x0 = Math.max(a.x(), b.x());
    float y0 = Math.max(a.y(), b.y());
    float x1 = Math.min(a.x() + a.width(), b.x() + b.width());
    float y1 = Math.min(a.y() + a.height(), b.y() + b.height());
    float inter = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
    float union = a.width() * a.height() + b.width() * b.height() - inter;
    return union <= 0 ? 0 : inter / union;
  }
}
