package io.affectanalyzer.runtime.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affectanalyzer.runtime.detect.FaceDetection;
import io.affectanalyzer.runtime.frame.Image;
import io.affectanalyzer.runtime.model.AffectScores;
import io.affectanalyzer.runtime.testing.PixelDiff;
import java.awt.Rectangle;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Java2D drawing onto the frame's own BGR bytes, checked pixel by pixel (no codec involved). */
class FrameAnnotatorTest {
  private static final int W = 640;
  private static final int H = 360;
  private static final double DRAWN = 20;

  private static Image grey() {
    byte[] bgr = new byte[W * H * 3];
    Arrays.fill(bgr, (byte) 100);
    return new Image(W, H, bgr);
  }

  private static FaceResult face(float x, float y, float size, AffectScores scores) {
    float nan = Float.NaN;
    float[] keypoints = {
      x + size * 0.3f,
      y + size * 0.4f, // right eye
      x + size * 0.7f,
      y + size * 0.4f, // left eye
      x + size * 0.5f,
      y + size * 0.6f, // nose
      x + size * 0.5f,
      y + size * 0.8f, // mouth
      nan,
      nan,
      nan,
      nan // no ears
    };
    return new FaceResult(
        1, new FaceDetection(x, y, size, size, 0.9f, keypoints), scores != null, scores);
  }

  private static AffectScores scores() {
    float[] au = new float[12];
    au[6] = 0.9f; // AU12
    float[] expr = {0.05f, 0, 0, 0, 0.8f, 0.1f, 0.05f, 0};
    return new AffectScores(au, expr, new float[] {0.5f, 0.4f});
  }

  private static Image drawn(FaceResult face) {
    Image image = grey();
    new FrameAnnotator(null)
        .draw(image, new FrameResult("clip.mp4", 0, 0, null, false, List.of(face)));
    return image;
  }

  @Test
  void shouldLeaveAFrameWithoutFacesAsItIs() {
    Image image = grey();
    byte[] before = image.bgr().clone();
    new FrameAnnotator(null).draw(image, new FrameResult("clip.mp4", 0, 0, null, false, List.of()));
    assertArrayEquals(before, image.bgr());
  }

  @Test
  void shouldDrawTheBoxAndLandmarksButNoPanelForAFaceWithoutScores() {
    Image after = drawn(face(100, 100, 150, null));
    Image before = grey();
    assertTrue(
        PixelDiff.mean(before, after, PixelDiff.outline(new double[] {100, 100, 150, 150}))
            > DRAWN);
    Rectangle nose = new Rectangle(174, 189, 3, 3);
    assertTrue(PixelDiff.mean(before, after, List.of(nose)) > DRAWN, "the nose landmark");
    assertEquals(0, PixelDiff.mean(before, after, List.of(new Rectangle(270, 110, 100, 130))));
  }

  @Test
  void shouldDrawThePanelRightOfTheBoxWhereThereIsRoom() {
    assertPanel(face(100, 100, 150, scores()), new Rectangle(258, 110, 80, 130), 0, 90);
  }

  @Test
  void shouldDrawThePanelLeftOfABoxAtTheRightEdge() {
    assertPanel(face(470, 100, 160, scores()), new Rectangle(385, 110, 70, 100), 0, 370);
  }

  /** The panel covers {@code panel}; columns {@code clearFrom} to {@code clearTo} are untouched. */
  private static void assertPanel(FaceResult face, Rectangle panel, int clearFrom, int clearTo) {
    Image after = drawn(face);
    Image before = grey();
    assertTrue(PixelDiff.mean(before, after, List.of(panel)) > DRAWN, "the panel");
    Rectangle clear = new Rectangle(clearFrom, 0, clearTo - clearFrom, H);
    assertEquals(0, PixelDiff.mean(before, after, List.of(clear)), "nothing on the other side");
  }
}
