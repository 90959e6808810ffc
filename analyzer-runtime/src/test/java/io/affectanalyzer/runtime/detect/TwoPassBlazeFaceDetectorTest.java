package io.affectanalyzer.runtime.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affectanalyzer.runtime.frame.Image;
import io.affectanalyzer.runtime.onnx.OrtSessions;
import io.affectanalyzer.runtime.testing.DecodedMedia;
import io.affectanalyzer.runtime.testing.SharedData;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The default detector on the shared clips and photos: the figures its defaults rest on. */
class TwoPassBlazeFaceDetectorTest {
  private static TwoPassBlazeFaceDetector detector;

  @BeforeAll
  static void open() {
    detector = TwoPassBlazeFaceDetector.open(OrtSessions.Options.cpu(1));
  }

  @AfterAll
  static void close() {
    detector.close();
  }

  private static FaceCounts counts(String clip, int step) throws Exception {
    return FaceCounts.of(clip, detector, DecodedMedia.frames(SharedData.require(clip), step));
  }

  @Test
  void shouldFindOneFaceInAlmostEveryFrameOfSingleFace() throws Exception {
    assertTrue(counts("videos/single_face.mp4", 2).share(1) >= 0.95);
  }

  @Test
  void shouldFollowTheFaceThroughEveryExpressionOfWolfgangLanger() throws Exception {
    assertTrue(counts("videos/WolfgangLanger_Pexels.mp4", 4).share(1) >= 0.95);
  }

  @Test
  void shouldFindBothFacesInMostFramesOfTwoFaces() throws Exception {
    List<Image> frames = DecodedMedia.frames(SharedData.require("videos/two_faces.mp4"), 2);
    FaceCounts c = FaceCounts.of("videos/two_faces.mp4", detector, frames);
    assertTrue(c.share(2) > 0.5, c.toString());
    List<FaceDetection> faces = detector.detect(frames.get(0));
    assertEquals(2, faces.size());
    float a = faces.get(0).x() + faces.get(0).width() / 2;
    float b = faces.get(1).x() + faces.get(1).width() / 2;
    assertTrue(Math.min(a, b) < 640 && Math.max(a, b) > 640, "one face in each half");
  }

  @Test
  void shouldFindNoFaceInNoFace() throws Exception {
    assertEquals(0, counts("videos/no_face.mp4", 1).total());
  }

  @Test
  void shouldSeeTheFaceComeAndGoInFaceNoFace() throws Exception {
    List<Image> frames = DecodedMedia.frames(SharedData.require("videos/face_noface.mov"), 4);
    FaceCounts.of("videos/face_noface.mov", detector, frames);
    assertEquals(1, detector.detect(frames.get(0)).size(), "a face at the start");
    assertEquals(0, detector.detect(frames.get(frames.size() - 1)).size(), "none at the end");
  }

  @Test
  void shouldFindEveryFaceOfTheGroupPhoto() throws Exception {
    assertEquals(5, counts("images/multi_face.jpg", 1).total());
  }

  @Test
  void shouldFindNoFaceInTheMountainDrawing() throws Exception {
    assertEquals(0, counts("images/free-mountain-vector-01.jpg", 1).total());
  }

  @Test
  void shouldReportKeypointsInBlazeFaceOrderInsideTheBox() throws Exception {
    Image img = DecodedMedia.image(SharedData.require("images/single_face.jpg"));
    List<FaceDetection> faces = detector.detect(img);
    assertEquals(1, faces.size());
    FaceDetection f = faces.get(0);
    // The subject's right eye is on the picture's left.
    assertTrue(f.keypointX(FaceDetection.RIGHT_EYE) < f.keypointX(FaceDetection.LEFT_EYE));
    assertTrue(f.keypointY(FaceDetection.RIGHT_EYE) < f.keypointY(FaceDetection.NOSE));
    assertTrue(f.keypointY(FaceDetection.NOSE) < f.keypointY(FaceDetection.MOUTH));
    for (int k = 0; k < FaceDetection.KEYPOINTS; k++) {
      assertTrue(f.keypointX(k) > f.x() - 1 && f.keypointX(k) < f.x() + f.width() + 1);
      assertTrue(f.keypointY(k) > f.y() - 1 && f.keypointY(k) < f.y() + f.height() + 1);
    }
    assertTrue(f.score() >= TwoPassBlazeFaceDetector.DEFAULT_PROPOSE_SCORE && f.score() <= 1);
  }
}
