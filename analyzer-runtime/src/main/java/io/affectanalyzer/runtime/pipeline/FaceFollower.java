package io.affectanalyzer.runtime.pipeline;

import com.codahale.metrics.Meter;
import io.affectanalyzer.runtime.detect.FaceDetection;
import io.affectanalyzer.runtime.detect.FaceDetector;
import io.affectanalyzer.runtime.detect.TwoPassBlazeFaceDetector;
import io.affectanalyzer.runtime.frame.Image;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides, per stream, between the full detection and following last frame's faces (as MediaPipe's
 * face tracking does). The full pass costs about five times the close looks, and video faces move
 * little from frame to frame, so each stream runs the full pass only when it has no faces to
 * follow, when {@code detectEvery} frames have passed since its last one (so a new face shows up
 * within that many frames), or when following lost a face; otherwise it follows. Only {@link
 * TwoPassBlazeFaceDetector} can follow; with another detector, with {@code detectEvery} 1, or for a
 * stream whose frames are unrelated pictures (an image folder), every frame gets the full pass.
 * Used by the detect stage's one thread only.
 */
final class FaceFollower {
  private final FaceDetector detector;
  private final TwoPassBlazeFaceDetector follower;
  private final int detectEvery;
  private final Meter full;
  private final Meter follows;
  private final Meter lost;
  private final Map<Integer, StreamState> streams = new HashMap<>();

  /** What one stream's last frame found, and how long ago its last full detection was. */
  private static final class StreamState {
    List<FaceDetection> faces = List.of();
    int sinceFull;
  }

  FaceFollower(FaceDetector detector, int detectEvery, PipelineMetrics metrics) {
    if (detectEvery < 1) {
      throw new IllegalArgumentException("detectEvery must be at least 1: " + detectEvery);
    }
    this.detector = detector;
    this.follower = detectEvery > 1 && detector instanceof TwoPassBlazeFaceDetector t ? t : null;
    this.detectEvery = detectEvery;
    this.full = metrics.fullDetections();
    this.follows = metrics.follows();
    this.lost = metrics.lost();
  }

  /**
   * The faces of one frame of {@code stream}; {@code related} is false when this frame has nothing
   * to do with the stream's previous one (an image folder's next file).
   */
  List<FaceDetection> faces(int stream, Image image, boolean related) {
    if (follower == null || !related) {
      return fullDetection(image, null);
    }
    StreamState s = streams.computeIfAbsent(stream, k -> new StreamState());
    if (!s.faces.isEmpty() && s.sinceFull < detectEvery) {
      follows.mark();
      List<FaceDetection> followed = follower.follow(image, s.faces);
      if (followed.size() == s.faces.size()) {
        s.faces = followed;
        s.sinceFull++;
        return followed;
      }
      // A face was lost (it left, turned away, or moved too far): look at the whole frame again.
      lost.mark();
    }
    return fullDetection(image, s);
  }

  /**
   * A frame of {@code stream} was dropped under load: it still counts toward the next full
   * detection; the faces are kept, since the close look tolerates the longer gap and a face lost
   * over it sends the next frame to the full pass anyway.
   */
  void dropped(int stream) {
    StreamState s = streams.get(stream);
    if (s != null) {
      s.sinceFull++;
    }
  }

  /** The stream ended: forget it. */
  void ended(int stream) {
    streams.remove(stream);
  }

  private List<FaceDetection> fullDetection(Image image, StreamState s) {
    full.mark();
    List<FaceDetection> faces = detector.detect(image);
    if (s != null) {
      s.faces = faces;
      s.sinceFull = 1;
    }
    return faces;
  }
}
