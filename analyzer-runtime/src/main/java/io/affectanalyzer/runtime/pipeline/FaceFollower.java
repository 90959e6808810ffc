package io.affectanalyzer.runtime.pipeline;

import com.codahale.metrics.Meter;
import io.affectanalyzer.runtime.detect.BorderRetry;
import io.affectanalyzer.runtime.detect.FaceDetection;
import io.affectanalyzer.runtime.detect.FaceDetector;
import io.affectanalyzer.runtime.detect.TwoPassBlazeFaceDetector;
import io.affectanalyzer.runtime.frame.Image;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides, per stream, how much looking each frame's faces need (as MediaPipe's face tracking
 * does). The full pass costs about five times the close looks, and video faces move little from
 * frame to frame, so each stream runs the full pass only when it has no faces to follow, when its
 * interval has passed since its last one (so a new face shows up within that many frames), or when
 * following lost a face; otherwise it follows. The interval starts at {@code detectEvery} and
 * doubles, up to {@code detectEveryMax}, each time a scheduled full pass finds no face beyond those
 * followed; a full pass that finds another face, or one after a lost face, sets it back to {@code
 * detectEvery}. A face that is still keeps its box for up to {@code stillReuse} frames with no look
 * at all: when the centre moved so little between the last two close looks that, at that speed, it
 * would have drifted less than {@link #STILL} of its side by now. The face's new pixels are still
 * analysed; only the box is last frame's. Only {@link TwoPassBlazeFaceDetector} can follow; with
 * another detector, with {@code detectEvery} 1, or for a stream whose frames are unrelated pictures
 * (an image folder), every frame gets the full pass; a picture of an image folder in which it finds
 * no face gets a second look with a border around it ({@link BorderRetry}). Used by one thread at a
 * time (the detect stage's, or the bench's).
 */
public final class FaceFollower {
  /**
   * Largest estimated drift of a kept box, as a share of the face's side: 3% of a face is about 1.5
   * pixels of a 48-pixel model input, less than the crop jitter the models were trained with.
   */
  public static final float STILL = 0.03f;

  private final FaceDetector detector;
  private final TwoPassBlazeFaceDetector follower;
  private final int detectEvery;
  private final int detectEveryMax;
  private final int stillReuse;
  private final Meter full;
  private final Meter follows;
  private final Meter kept;
  private final Meter lost;
  private final Map<Integer, StreamState> streams = new HashMap<>();

  /** What one stream's last look found, and how long ago its last looks were. */
  private static final class StreamState {
    List<FaceDetection> faces = List.of();
    int sinceFull;

    /** Frames between scheduled full passes: detectEvery, doubling while nothing new shows up. */
    int interval;

    StreamState(int interval) {
      this.interval = interval;
    }

    /** Frames since the faces were last looked at (full pass or close look). */
    int sinceLook;

    /** Whether {@link #faces} came from a close look (the full pass boxes faces differently). */
    boolean followed;

    /**
     * Largest centre motion per frame, as a share of the face's side, between the last two close
     * looks; unknown (infinite) until there were two in a row.
     */
    float motion = Float.POSITIVE_INFINITY;
  }

  /**
   * Reads {@link Pipeline.Config#detectEvery()}, {@link Pipeline.Config#detectEveryMax()} and
   * {@link Pipeline.Config#stillReuse()} of {@code config}.
   */
  public FaceFollower(FaceDetector detector, Pipeline.Config config, PipelineMetrics metrics) {
    this.detector = detector;
    this.detectEvery = config.detectEvery();
    this.detectEveryMax = config.detectEveryMax();
    this.stillReuse = config.stillReuse();
    this.follower = detectEvery > 1 && detector instanceof TwoPassBlazeFaceDetector t ? t : null;
    this.full = metrics.fullDetections();
    this.follows = metrics.follows();
    this.kept = metrics.kept();
    this.lost = metrics.lost();
  }

  /**
   * The faces of one frame of {@code stream}; {@code related} is false when this frame has nothing
   * to do with the stream's previous one (an image folder's next file).
   */
  public List<FaceDetection> faces(int stream, Image image, boolean related) {
    if (!related) {
      full.mark();
      return BorderRetry.detect(detector, image); // a still picture may be a face crop
    }
    if (follower == null) {
      return fullDetection(image, null);
    }
    StreamState s = streams.computeIfAbsent(stream, k -> new StreamState(detectEvery));
    boolean scheduled = !s.faces.isEmpty();
    if (!s.faces.isEmpty() && s.sinceFull < s.interval) {
      int stale = s.sinceLook + 1;
      if (stale <= stillReuse && s.motion * stale < STILL) {
        kept.mark();
        s.sinceLook = stale;
        s.sinceFull++;
        return s.faces;
      }
      follows.mark();
      List<FaceDetection> followed = follower.follow(image, s.faces);
      if (followed.size() == s.faces.size()) {
        // follow() keeps the previous faces' order, so the i-th face is the same face.
        s.motion = s.followed ? motion(s.faces, followed) / stale : Float.POSITIVE_INFINITY;
        s.followed = true;
        s.faces = followed;
        s.sinceLook = 0;
        s.sinceFull++;
        return followed;
      }
      // A face was lost (it left, turned away, or moved too far): look at the whole frame again.
      lost.mark();
      scheduled = false;
    }
    int followedCount = s.faces.size();
    List<FaceDetection> faces = fullDetection(image, s);
    s.interval =
        scheduled && faces.size() == followedCount
            ? Math.min(2 * s.interval, detectEveryMax)
            : detectEvery;
    return faces;
  }

  /**
   * A frame of {@code stream} was dropped under load: it still counts toward the next full
   * detection and makes the kept boxes older; the faces are kept, since the close look tolerates
   * the longer gap and a face lost over it sends the next frame to the full pass anyway.
   */
  public void dropped(int stream) {
    StreamState s = streams.get(stream);
    if (s != null) {
      s.sinceFull++;
      s.sinceLook++;
    }
  }

  /** The stream ended: forget it. */
  public void ended(int stream) {
    streams.remove(stream);
  }

  private List<FaceDetection> fullDetection(Image image, StreamState s) {
    full.mark();
    List<FaceDetection> faces = detector.detect(image);
    if (s != null) {
      s.faces = faces;
      s.sinceFull = 1;
      s.sinceLook = 0;
      s.followed = false;
      s.motion = Float.POSITIVE_INFINITY;
    }
    return faces;
  }

  /** The largest centre shift between matching faces, as a share of the newer box's longer side. */
  static float motion(List<FaceDetection> before, List<FaceDetection> after) {
    float most = 0;
    for (int i = 0; i < after.size(); i++) {
      FaceDetection a = before.get(i);
      FaceDetection b = after.get(i);
      double dx = b.x() + b.width() / 2 - a.x() - a.width() / 2;
      double dy = b.y() + b.height() / 2 - a.y() - a.height() / 2;
      most = Math.max(most, (float) (Math.hypot(dx, dy) / Math.max(b.width(), b.height())));
    }
    return most;
  }
}
