package io.affectanalyzer.runtime.track;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affectanalyzer.runtime.detect.FaceDetection;
import java.util.List;
import org.junit.jupiter.api.Test;

class IouTrackerTest {
  private static FaceDetection box(float x, float y) {
    return new FaceDetection(x, y, 100, 100, 0.9f, new float[12]);
  }

  @Test
  void shouldKeepIdsOfFacesThatMoveALittle() {
    IouTracker t = new IouTracker(5);
    int[] first = t.update(List.of(box(0, 0), box(300, 0)));
    int[] second = t.update(List.of(box(310, 5), box(10, 5)));
    assertNotEquals(first[0], first[1]);
    assertArrayEquals(new int[] {first[1], first[0]}, second);
  }

  @Test
  void shouldGiveANewIdToAFaceThatAppearsElsewhere() {
    IouTracker t = new IouTracker(5);
    int a = t.update(List.of(box(0, 0)))[0];
    int b = t.update(List.of(box(500, 500)))[0];
    assertNotEquals(a, b);
  }

  @Test
  void shouldForgetATrackMissingForLongerThanItsPatience() {
    IouTracker t = new IouTracker(2);
    int a = t.update(List.of(box(0, 0)))[0];
    t.update(List.of());
    t.update(List.of());
    assertEquals(a, t.update(List.of(box(0, 0)))[0]);
    t.update(List.of());
    t.update(List.of());
    t.update(List.of());
    assertNotEquals(a, t.update(List.of(box(0, 0)))[0]);
  }

  @Test
  void shouldFollowATrackUntilItHasBeenMissingTooLong() {
    IouTracker t = new IouTracker(2);
    int id = t.update(List.of(box(0, 0)))[0];
    assertTrue(t.follows(id));
    t.update(List.of());
    t.update(List.of());
    assertTrue(t.follows(id), "missing for 2 frames: still followed");
    t.update(List.of());
    assertFalse(t.follows(id), "missing for 3: let go");
    assertFalse(t.follows(id + 1), "never seen");
  }
}
