package io.affectanalyzer.runtime.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affectanalyzer.runtime.frame.Image;
import io.affectanalyzer.runtime.onnx.OrtSessions;
import io.affectanalyzer.runtime.testing.DecodedMedia;
import io.affectanalyzer.runtime.testing.SharedData;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YuNetDetectorTest {
  private static YuNetDetector detector;

  @BeforeAll
  static void open() {
    Path model = SharedData.require("models/detectors/yunet_n_dynamic.onnx");
    detector =
        YuNetDetector.open(model, YuNetDetector.DEFAULT_MIN_SCORE, OrtSessions.Options.cpu(1));
  }

  @AfterAll
  static void close() {
    if (detector != null) {
      detector.close();
    }
  }

  private static FaceCounts counts(String clip, int step) throws Exception {
    return FaceCounts.of(
        "yunet " + clip, detector, DecodedMedia.frames(SharedData.require(clip), step));
  }

  @Test
  void shouldFindTheFaceInTheSingleFaceClips() throws Exception {
    assertTrue(counts("videos/single_face.mp4", 2).share(1) >= 0.95);
    assertTrue(counts("videos/WolfgangLanger_Pexels.mp4", 8).share(1) >= 0.95);
  }

  @Test
  void shouldFindBothFacesOfTwoFacesAndNoneInNoFace() throws Exception {
    assertTrue(counts("videos/two_faces.mp4", 2).share(2) > 0.5);
    assertEquals(0, counts("videos/no_face.mp4", 2).total());
  }

  @Test
  void shouldFindTheGroupAndNotTheMountainsAcrossChangingSizes() throws Exception {
    assertEquals(5, counts("images/multi_face.jpg", 1).total());
    assertEquals(0, counts("images/free-mountain-vector-01.jpg", 1).total());
    assertEquals(5, counts("images/multi_face.jpg", 1).total());
  }

  @Test
  void shouldMapItsFivePointsOntoBlazeFacesSix() throws Exception {
    Image img = DecodedMedia.image(SharedData.require("images/single_face.jpg"));
    List<FaceDetection> faces = detector.detect(img);
    assertEquals(1, faces.size());
    FaceDetection f = faces.get(0);
    assertTrue(f.keypointX(FaceDetection.RIGHT_EYE) < f.keypointX(FaceDetection.LEFT_EYE));
    assertTrue(f.keypointY(FaceDetection.NOSE) < f.keypointY(FaceDetection.MOUTH));
    float mx = f.keypointX(FaceDetection.MOUTH);
    assertTrue(
        mx > f.keypointX(FaceDetection.RIGHT_EYE) && mx < f.keypointX(FaceDetection.LEFT_EYE));
    assertTrue(Float.isNaN(f.keypointX(FaceDetection.RIGHT_EAR)));
    assertTrue(Float.isNaN(f.keypointY(FaceDetection.LEFT_EAR)));
  }

  @Test
  void shouldRejectAModelThatIsNotYuNetNamingTheFile(@TempDir Path dir) throws Exception {
    Path wrong = dir.resolve("blazeface.onnx");
    try (InputStream in =
        getClass().getClassLoader().getResourceAsStream("detectors/blazeface_front_128.onnx")) {
      Files.copy(in, wrong);
    }
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> YuNetDetector.open(wrong, 0.6f, OrtSessions.Options.cpu(1)));
    assertTrue(e.getMessage().contains(wrong.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("not a YuNet model"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  @Test
  void shouldRejectAFileThatIsNotOnnxAndAMissingFile(@TempDir Path dir) throws Exception {
    Path text = Files.writeString(dir.resolve("notes.onnx"), "not a model\n");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> YuNetDetector.open(text, 0.6f, OrtSessions.Options.cpu(1)));
    assertTrue(e.getMessage().contains(text.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("not a loadable ONNX model"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
    Path missing = dir.resolve("absent.onnx");
    IllegalArgumentException m =
        assertThrows(
            IllegalArgumentException.class,
            () -> YuNetDetector.open(missing, 0.6f, OrtSessions.Options.cpu(1)));
    assertEquals("YuNet model " + missing + " does not exist", m.getMessage());
  }
}
