package io.affectanalyzer.runtime.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.affectanalyzer.runtime.model.AffectScores;
import org.junit.jupiter.api.Test;

class TrackSmootherTest {
  private static final Smoothing HALF = Smoothing.parse("ema:0.5");

  private static AffectScores va(float valence) {
    return new AffectScores(null, null, new float[] {valence, 0});
  }

  private static float valence(AffectScores s) {
    return s.va()[0];
  }

  @Test
  void shouldKeepEachTrackOfEachStreamApart() {
    TrackSmoother s = new TrackSmoother(HALF, new boolean[] {true, true});
    s.smooth(0, 1, 0, va(0));
    s.smooth(0, 2, 0, va(1));
    s.smooth(1, 1, 0, va(-1)); // same track id, other stream
    assertEquals(0.5f, valence(s.smooth(0, 1, 40, va(1))));
    assertEquals(0.5f, valence(s.smooth(0, 2, 40, va(0))));
    assertEquals(-0.5f, valence(s.smooth(1, 1, 40, va(0))));
  }

  @Test
  void shouldSmoothOnlyTheHeadsTheModelHas() {
    TrackSmoother s = new TrackSmoother(HALF, new boolean[] {true});
    AffectScores out = s.smooth(0, 1, 0, new AffectScores(null, new float[] {0.5f, 0.5f}, null));
    assertNull(out.au());
    assertNull(out.va());
    assertEquals(2, out.expr().length);
  }

  @Test
  void shouldForgetATrackItsTrackerLetGoAndEveryTrackOfAnEndedStream() {
    TrackSmoother s = new TrackSmoother(HALF, new boolean[] {true});
    s.smooth(0, 1, 0, va(0));
    s.smooth(0, 2, 0, va(0));
    s.retain(0, id -> id == 2);
    assertEquals(1, s.tracks(0));
    // Track 1 starts afresh: its first value comes out as it is.
    assertEquals(1f, valence(s.smooth(0, 1, 40, va(1))));
    assertEquals(0.5f, valence(s.smooth(0, 2, 40, va(1))));
    s.ended(0);
    assertEquals(0, s.tracks(0));
  }

  @Test
  void shouldLeaveThePicturesOfAnImageFolderAlone() {
    TrackSmoother s = new TrackSmoother(HALF, new boolean[] {false});
    AffectScores first = va(0);
    assertSame(first, s.smooth(0, 1, 0, first));
    AffectScores second = va(1);
    assertSame(second, s.smooth(0, 1, 0, second));
    assertEquals(0, s.tracks(0));
  }
}
