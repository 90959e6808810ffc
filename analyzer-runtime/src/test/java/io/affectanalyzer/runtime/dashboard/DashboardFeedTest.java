package io.affectanalyzer.runtime.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affectanalyzer.runtime.detect.FaceDetection;
import io.affectanalyzer.runtime.frame.Image;
import io.affectanalyzer.runtime.model.AffectScores;
import io.affectanalyzer.runtime.output.FaceResult;
import io.affectanalyzer.runtime.output.FrameResult;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** What the emit stage hands the dashboard, and how little of it is kept. */
class DashboardFeedTest {
  private static final float[] NAN_POINTS = new float[12];

  static {
    Arrays.fill(NAN_POINTS, Float.NaN);
  }

  @Test
  void shouldKeepTheLastMinuteOfTheLargestAnalysedFace() {
    StreamBoard board = new StreamBoard(0, "clip");
    for (int i = 0; i < 2 * StreamBoard.MAX_POINTS; i++) {
      board.record(frame("clip", i, i * 10L), System.nanoTime()); // 100 frames/s: 2 minutes
    }
    List<TimelinePoint> points = board.timeline();
    assertEquals(StreamBoard.MAX_POINTS, points.size(), "never more than a minute at 60 frames/s");
    long last = points.get(points.size() - 1).ptsMillis();
    assertTrue(last - points.get(0).ptsMillis() <= StreamBoard.WINDOW_MILLIS);
    assertEquals(0.9f, points.get(0).expr()[4], 1e-6, "the large face's scores, not the small's");
    assertEquals(2 * StreamBoard.MAX_POINTS, board.snapshot(System.nanoTime()).frames());
  }

  @Test
  void shouldCountDroppedFramesWithoutAPoint() {
    StreamBoard board = new StreamBoard(0, "cam");
    board.record(frame("cam", 0, 0), System.nanoTime());
    board.record(new FrameResult("cam", 1, 40, null, true, List.of()), System.nanoTime());
    StreamBoard.Snapshot s = board.snapshot(System.nanoTime());
    assertEquals(2, s.frames());
    assertEquals(1, s.dropped());
    assertEquals(1, s.points());
    assertEquals(0, s.latest().frame(), "the latest analysed frame");
  }

  @Test
  void shouldNeverWaitOnAClientThatDoesNotRead() throws Exception {
    DashboardFeed feed = new DashboardFeed(List.of("clip"), null);
    RecordSubscription idle = feed.subscribe();
    Image pixels = new Image(64, 48, new byte[64 * 48 * 3]);
    for (int i = 0; i < 5000; i++) {
      feed.write(frame("clip", i, i * 33L), pixels);
    }
    long received = 0;
    while (idle.poll(0) != null) {
      received++;
    }
    assertTrue(received < 5000, "a client that does not read loses records: " + received);
    assertEquals(5000 - received, idle.takeLost());
    feed.close();
    StreamBoard.Frame shown = feed.boards().get(0).frame();
    assertNotNull(shown, "a picture was encoded");
    BufferedImage jpeg = ImageIO.read(new ByteArrayInputStream(shown.jpeg()));
    assertEquals(64, jpeg.getWidth());
    assertEquals(48, jpeg.getHeight());
  }

  @Test
  void shouldIgnoreAStreamItWasNotToldOf() {
    DashboardFeed feed = new DashboardFeed(List.of("a"), null);
    feed.write(frame("b", 0, 0), null);
    assertEquals(0, feed.boards().get(0).snapshot(System.nanoTime()).frames());
    assertNull(feed.boards().get(0).latest());
    feed.close();
  }

  /** A frame with a large face (happiness 0.9) and a small one (happiness 0.1). */
  private static FrameResult frame(String stream, long index, long pts) {
    return new FrameResult(stream, index, pts, null, false, List.of(face(5, 0.1f), face(40, 0.9f)));
  }

  private static FaceResult face(float size, float happiness) {
    float[] expr = new float[8];
    expr[4] = happiness;
    expr[0] = 1 - happiness;
    return new FaceResult(
        1,
        new FaceDetection(1, 1, size, size, 0.9f, NAN_POINTS),
        true,
        new AffectScores(null, expr, new float[] {0.5f, -0.5f}));
  }
}
