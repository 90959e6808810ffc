package io.affectanalyzer.runtime.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affectanalyzer.runtime.frame.Image;
import io.affectanalyzer.runtime.onnx.OrtSessions;
import io.affectanalyzer.runtime.testing.DecodedMedia;
import io.affectanalyzer.runtime.testing.SharedData;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each BlazeFace variant alone: what it does well, and why neither alone is the default. */
class BlazeFaceDetectorTest {
  private static BlazeFaceDetector open(BlazeFaceDetector.Variant v) {
    return BlazeFaceDetector.open(
        v, BlazeFaceDetector.DEFAULT_MIN_SCORE, OrtSessions.Options.cpu(1));
  }

  @Test
  void shouldFindOneFaceInEveryFrameOfSingleFaceWithTheShortRangeModel() throws Exception {
    try (BlazeFaceDetector d = open(BlazeFaceDetector.Variant.FRONT_128)) {
      List<Image> frames = DecodedMedia.frames(SharedData.require("videos/single_face.mp4"), 2);
      assertTrue(FaceCounts.of("front_128 single_face", d, frames).share(1) >= 0.95);
    }
  }

  @Test
  void shouldFindAllFiveSmallFacesOfTheGroupPhotoOnlyWithTheFullRangeModel() throws Exception {
    Image group = DecodedMedia.image(SharedData.require("images/multi_face.jpg"));
    try (BlazeFaceDetector back = open(BlazeFaceDetector.Variant.BACK_256);
        BlazeFaceDetector front = open(BlazeFaceDetector.Variant.FRONT_128)) {
      List<FaceDetection> faces = back.detect(group);
      assertEquals(5, faces.size());
      for (FaceDetection f : faces) {
        assertTrue(f.size() > 60 && f.size() < 140, "box size " + f.size());
      }
      // Faces ~100 px wide in a 1000 px photo are ~13 px at 128: out of the short range.
      assertTrue(front.detect(group).size() < 5);
    }
  }

  @Test
  void shouldFireOnCartoonLettersWithTheFullRangeModelAlone() throws Exception {
    try (BlazeFaceDetector d = open(BlazeFaceDetector.Variant.BACK_256)) {
      List<Image> frames = DecodedMedia.frames(SharedData.require("videos/no_face.mp4"), 3);
      FaceCounts c = FaceCounts.of("back_256 alone no_face", d, frames);
      assertTrue(c.share(0) < 0.9, "why the default confirms proposals: " + c);
    }
  }

  @Test
  void shouldFindTheSameFaceInARegionAsInTheWholePicture() throws Exception {
    Image img = DecodedMedia.image(SharedData.require("images/multi_face.jpg"));
    try (BlazeFaceDetector back = open(BlazeFaceDetector.Variant.BACK_256);
        BlazeFaceDetector front = open(BlazeFaceDetector.Variant.FRONT_128)) {
      FaceDetection whole = back.detect(img).get(0);
      float side = whole.width() * 2;
      float x = whole.x() - whole.width() / 2;
      float y = whole.y() - whole.height() / 2;
      List<FaceDetection> near = front.detectIn(img, x, y, side, side);
      assertEquals(1, near.size());
      assertTrue(
          WeightedNms.iou(whole, near.get(0)) > 0.6, "IoU " + WeightedNms.iou(whole, near.get(0)));
      float eyeError = Math.abs(near.get(0).keypointX(0) - whole.keypointX(0));
      assertTrue(eyeError < 0.1f * whole.width(), "eye moved by " + eyeError);
    }
  }

  @Test
  void shouldGiveTheSameAnswerFrameAfterFrameFromItsReusedBuffers() throws Exception {
    Image a = DecodedMedia.image(SharedData.require("images/single_face.jpg"));
    Image b = DecodedMedia.image(SharedData.require("images/multi_face.jpg"));
    try (BlazeFaceDetector d = open(BlazeFaceDetector.Variant.BACK_256)) {
      FaceDetection first = d.detect(a).get(0);
      assertEquals(5, d.detect(b).size());
      FaceDetection again = d.detect(a).get(0);
      assertEquals(first.score(), again.score());
      assertArrayEquals(first.keypoints(), again.keypoints());
    }
  }
}
