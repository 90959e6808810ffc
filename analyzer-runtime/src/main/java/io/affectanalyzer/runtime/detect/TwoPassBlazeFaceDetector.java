package io.affectanalyzer.runtime.detect;

import io.affectanalyzer.runtime.frame.Image;
import io.affectanalyzer.runtime.onnx.OrtSessions;
import java.util.ArrayList;
import java.util.List;

/**
 * The default face detector: full-range BlazeFace (256) proposes faces at any size, and short-range
 * BlazeFace (128) looks again at a square {@link #CONTEXT} times each proposal's box; a proposal
 * stays only when that closer look confirms it (an overlapping face scoring at least the confirm
 * score). The full-range model alone fires on face-like shapes (cartoon letters in {@code
 * no_face.mp4} scored up to 0.82) while real faces in the shared clips scored as low as 0.74, so no
 * single threshold separated them; the short-range model, given the face at the scale it was
 * trained on, did (see the tests). Boxes and keypoints are the full-range pass's.
 */
public final class TwoPassBlazeFaceDetector implements FaceDetector {
  public static final float DEFAULT_PROPOSE_SCORE = 0.5f;
  public static final float DEFAULT_CONFIRM_SCORE = 0.7f;

  /** Side of the confirming look, in multiples of the proposal's box. */
  public static final float CONTEXT = 2f;

  private static final float SAME_FACE_IOU = 0.3f;

  /** Two followed faces overlapping more than this are one face that two boxes converged on. */
  private static final float SAME_FACE_FOLLOWED_IOU = 0.5f;

  private final BlazeFaceDetector propose;
  private final BlazeFaceDetector confirm;
  private final float confirmScore;

  private TwoPassBlazeFaceDetector(
      BlazeFaceDetector propose, BlazeFaceDetector confirm, float confirmScore) {
    this.propose = propose;
    this.confirm = confirm;
    this.confirmScore = confirmScore;
  }

  public static TwoPassBlazeFaceDetector open(
      float proposeScore, float confirmScore, OrtSessions.Options options) {
    BlazeFaceDetector propose =
        BlazeFaceDetector.open(BlazeFaceDetector.Variant.BACK_256, proposeScore, options);
    try {
      BlazeFaceDetector confirm =
          BlazeFaceDetector.open(BlazeFaceDetector.Variant.FRONT_128, confirmScore, options);
      return new TwoPassBlazeFaceDetector(propose, confirm, confirmScore);
    } catch (RuntimeException e) {
      propose.close();
      throw e;
    }
  }

  /** With {@link #DEFAULT_PROPOSE_SCORE} and {@link #DEFAULT_CONFIRM_SCORE}. */
  public static TwoPassBlazeFaceDetector open(OrtSessions.Options options) {
    return open(DEFAULT_PROPOSE_SCORE, DEFAULT_CONFIRM_SCORE, options);
  }

  public float confirmScore() {
    return confirmScore;
  }

  /** "CUDA" or "CPU". */
  public String provider() {
    return propose.provider();
  }

  @Override
  public List<FaceDetection> detect(Image image) {
    List<FaceDetection> proposals = propose.detect(image);
    List<FaceDetection> out = new ArrayList<>(proposals.size());
    for (FaceDetection p : proposals) {
      for (FaceDetection c : closeLook(image, p)) {
        if (WeightedNms.iou(p, c) > SAME_FACE_IOU) {
          out.add(p);
          break;
        }
      }
    }
    return out;
  }

  /**
   * Re-finds faces known from the previous frame with the short-range look alone (about a fifth of
   * the full-range pass's cost): video faces move little between frames, so each one is looked for
   * in the same square {@link #CONTEXT} times its previous box that confirms a proposal. A face is
   * kept when a detection scoring at least the confirm score has its centre inside that square; the
   * best such one is returned (its box and keypoints are the short-range model's). A face that is
   * not found is simply missing from the result: the caller compares counts and falls back to
   * {@link #detect}. Two previous faces that converge on one face (IoU over 0.5) count once.
   */
  public List<FaceDetection> follow(Image image, List<FaceDetection> previous) {
    List<FaceDetection> out = new ArrayList<>(previous.size());
    for (FaceDetection p : previous) {
      float side = side(p);
      float x0 = p.x() + p.width() / 2 - side / 2;
      float y0 = p.y() + p.height() / 2 - side / 2;
      FaceDetection best = null;
      for (FaceDetection c : closeLook(image, p)) {
        float cx = c.x() + c.width() / 2;
        float cy = c.y() + c.height() / 2;
        boolean inside = cx >= x0 && cx < x0 + side && cy >= y0 && cy < y0 + side;
        if (inside && c.score() >= confirmScore && (best == null || c.score() > best.score())) {
          best = c;
        }
      }
      if (best != null && !overlapsAny(best, out)) {
        out.add(best);
      }
    }
    return out;
  }

  private static boolean overlapsAny(FaceDetection f, List<FaceDetection> kept) {
    for (FaceDetection k : kept) {
      if (WeightedNms.iou(f, k) > SAME_FACE_FOLLOWED_IOU) {
        return true;
      }
    }
    return false;
  }

  private static float side(FaceDetection f) {
    return Math.max(f.width(), f.height()) * CONTEXT;
  }

  /** The short-range model on the square {@link #CONTEXT} times {@code f}'s box around it. */
  private List<FaceDetection> closeLook(Image image, FaceDetection f) {
    float side = side(f);
    float x = f.x() + f.width() / 2 - side / 2;
    float y = f.y() + f.height() / 2 - side / 2;
    return confirm.detectIn(image, x, y, side, side);
  }

  @Override
  public void close() {
    try {
      propose.close();
    } finally {
      confirm.close();
    }
  }
}
