package io.affectanalyzer.runtime.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affectanalyzer.runtime.frame.Image;
import io.affectanalyzer.runtime.onnx.OrtSessions;
import io.affectanalyzer.runtime.testing.DecodedMedia;
import io.affectanalyzer.runtime.testing.SharedData;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link TwoPassBlazeFaceDetector#follow} against the full detection, frame by frame through the
 * shared clips: following from the last frame's followed faces (re-seeded from the full detection
 * only where the counts disagree) must find what the full detection finds, in nearly the same
 * place.
 */
class TwoPassFollowTest {
  private static TwoPassBlazeFaceDetector detector;

  @BeforeAll
  static void open() {
    detector = TwoPassBlazeFaceDetector.open(OrtSessions.Options.cpu(1));
  }

  @AfterAll
  static void close() {
    detector.close();
  }

  /** Frames where follow and full detection agree on the count, and the followed boxes' IoU. */
  private record Agreement(
      String clip, int frames, int sameCount, double meanIou, long nanosFull, long nanosFollow) {
    double share() {
      return (double) sameCount / frames;
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%s: %d frames, same count on %d (%.1f%%), mean IoU %.3f; full %.2f ms, follow %.2f ms"
              + " per frame",
          clip,
          frames,
          sameCount,
          100 * share(),
          meanIou,
          nanosFull / 1e6 / frames,
          nanosFollow / 1e6 / frames);
    }
  }

  private static Agreement agreement(String clip) throws Exception {
    List<FaceDetection>[] previous = new List[] {null};
    int[] frames = {0};
    int[] same = {0};
    double[] iouSum = {0};
    int[] iouN = {0};
    long[] nanos = {0, 0};
    DecodedMedia.each(
        SharedData.require(clip),
        (Image im) -> {
          long t0 = System.nanoTime();
          List<FaceDetection> full = detector.detect(im);
          long t1 = System.nanoTime();
          nanos[0] += t1 - t0;
          frames[0]++;
          if (previous[0] == null) {
            previous[0] = full;
            same[0]++;
            return;
          }
          List<FaceDetection> followed = detector.follow(im, previous[0]);
          nanos[1] += System.nanoTime() - t1;
          if (followed.size() == full.size()) {
            same[0]++;
            for (FaceDetection f : followed) {
              iouSum[0] += bestIou(f, full);
              iouN[0]++;
            }
            previous[0] = followed;
          } else {
            previous[0] = full; // as the pipeline does when a face is lost
          }
        });
    Agreement a =
        new Agreement(
            clip, frames[0], same[0], iouN[0] == 0 ? 0 : iouSum[0] / iouN[0], nanos[0], nanos[1]);
    System.out.println(a);
    return a;
  }

  private static double bestIou(FaceDetection f, List<FaceDetection> among) {
    double best = 0;
    for (FaceDetection g : among) {
      best = Math.max(best, WeightedNms.iou(f, g));
    }
    return best;
  }

  @Test
  void shouldFollowTheOneFaceOfWolfgangLangerThroughEveryFrame() throws Exception {
    Agreement a = agreement("videos/WolfgangLanger_Pexels.mp4");
    assertTrue(a.share() >= 0.95, a.toString());
    assertTrue(a.meanIou() >= 0.5, a.toString());
  }

  @Test
  void shouldFollowBothFacesOfTwoFaces() throws Exception {
    Agreement a = agreement("videos/two_faces.mp4");
    assertTrue(a.share() >= 0.95, a.toString());
    assertTrue(a.meanIou() >= 0.5, a.toString());
  }

  @Test
  void shouldLoseAFaceThatIsNoLongerThere() throws Exception {
    List<Image> frames = DecodedMedia.frames(SharedData.require("videos/face_noface.mov"), 4);
    List<FaceDetection> start = detector.detect(frames.get(0));
    assertEquals(1, start.size());
    Image last = frames.get(frames.size() - 1);
    assertEquals(0, detector.follow(last, start).size(), "the face has gone at the end");
  }

  @Test
  void shouldCountTwoBoxesOnOneFaceOnce() throws Exception {
    Image im = DecodedMedia.image(SharedData.require("images/single_face.jpg"));
    List<FaceDetection> faces = detector.detect(im);
    assertEquals(1, faces.size());
    FaceDetection f = faces.get(0);
    FaceDetection shifted =
        new FaceDetection(
            f.x() + f.width() * 0.1f, f.y(), f.width(), f.height(), f.score(), f.keypoints());
    List<FaceDetection> followed = detector.follow(im, new ArrayList<>(List.of(f, shifted)));
    assertEquals(1, followed.size());
    assertTrue(WeightedNms.iou(followed.get(0), f) >= 0.5);
  }

  @Test
  void shouldFollowNothingFromNothing() throws Exception {
    Image im = DecodedMedia.image(SharedData.require("images/single_face.jpg"));
    assertEquals(0, detector.follow(im, List.of()).size());
  }
}
