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
      float side = Math.max(p.width(), p.height()) * CONTEXT;
      float x = p.x() + p.width() / 2 - side / 2;
      float y = p.y() + p.height() / 2 - side / 2;
      for (FaceDetection c : confirm.detectIn(image, x, y, side, side)) {
        if (WeightedNms.iou(p, c) > SAME_FACE_IOU) {
          out.add(p);
          break;
        }
      }
    }
    return out;
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
