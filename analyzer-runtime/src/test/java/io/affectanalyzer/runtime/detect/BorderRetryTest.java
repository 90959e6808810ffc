package io.affectanalyzer.runtime.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affectanalyzer.runtime.frame.Image;
import io.affectanalyzer.runtime.onnx.OrtSessions;
import io.affectanalyzer.runtime.testing.DecodedMedia;
import io.affectanalyzer.runtime.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class BorderRetryTest {
  @Test
  void shouldCentreThePictureOnABlackCanvasTwiceItsSize() {
    Image image = new Image(2, 1, new byte[] {1, 2, 3, 4, 5, 6});
    Image framed = BorderRetry.framed(image, 1, 1);
    assertEquals(4, framed.width());
    assertEquals(3, framed.height());
    byte[] px = framed.bgr();
    assertEquals(4, px[framed.offset(2, 1)]);
    assertEquals(1, px[framed.offset(1, 1)]);
    assertEquals(0, px[framed.offset(0, 0)]);
    assertEquals(0, px[framed.offset(3, 2) + 2]);
  }

  /** FER2013's test faces fill their 48-pixel pictures, which BlazeFace often misses. */
  @Test
  void shouldFindFacesThatFillThePictureAndPutThemBackInItsCoordinates() throws Exception {
    Path happy = SharedData.require("fer2013/test/happy");
    List<Path> files;
    try (Stream<Path> s = Files.list(happy)) {
      files = s.sorted().limit(60).toList();
    }
    int plain = 0;
    int retried = 0;
    try (TwoPassBlazeFaceDetector detector =
        TwoPassBlazeFaceDetector.open(OrtSessions.Options.cpu(1))) {
      for (Path file : files) {
        Image image = DecodedMedia.image(file);
        List<FaceDetection> first = detector.detect(image);
        List<FaceDetection> faces = BorderRetry.detect(detector, image);
        if (!first.isEmpty()) {
          plain++;
          assertEquals(first.size(), faces.size(), file + ": found at once, no second look");
        }
        if (!faces.isEmpty()) {
          retried++;
          FaceDetection f = faces.get(0);
          float cx = f.x() + f.width() / 2;
          float cy = f.y() + f.height() / 2;
          assertTrue(cx > 0 && cx < 48 && cy > 0 && cy < 48, file + ": centre " + cx + "," + cy);
          float eyeY = f.keypointY(FaceDetection.RIGHT_EYE);
          float mouthY = f.keypointY(FaceDetection.MOUTH);
          assertTrue(eyeY < mouthY && eyeY > 0 && mouthY < 48, file + ": eyes above the mouth");
        }
      }
    }
    System.out.printf("faces found in %d of 60 pictures, %d with a border%n", plain, retried);
    assertTrue(plain < 57, "the first look misses some: " + plain);
    assertTrue(retried >= 57, "with a border nearly all: " + retried);
  }
}
