package io.affectanalyzer.runtime.dashboard;

import io.affectanalyzer.runtime.output.FrameResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * What the dashboard knows of one stream, all of it bounded: counts, the latest record, the last
 * minute of timeline points (by presentation time, at most {@link #MAX_POINTS}), the frame rate
 * over the last seconds and the latest annotated frame as JPEG. The emit thread writes, the
 * server's threads read; every access is short and under this object's lock.
 */
final class StreamBoard {
  static final long WINDOW_MILLIS = 60_000;

  /** A minute at 60 frames/s. */
  static final int MAX_POINTS = 3600;

  private static final long RATE_WINDOW_NANOS = 2_000_000_000L;

  private final int index;
  private final String name;
  private final ArrayDeque<TimelinePoint> points = new ArrayDeque<>();
  private final ArrayDeque<Long> emitNanos = new ArrayDeque<>();
  private long frames;
  private long dropped;
  private FrameResult latest;
  private byte[] jpeg;
  private long jpegFrame = -1;

  StreamBoard(int index, String name) {
    this.index = index;
    this.name = name;
  }

  int index() {
    return index;
  }

  String name() {
    return name;
  }

  synchronized void record(FrameResult frame, long nowNanos) {
    frames++;
    emitNanos.addLast(nowNanos);
    while (nowNanos - emitNanos.peekFirst() > RATE_WINDOW_NANOS) {
      emitNanos.removeFirst();
    }
    if (frame.dropped()) {
      dropped++;
      return;
    }
    latest = frame;
    points.addLast(TimelinePoint.of(frame));
    while (points.size() > MAX_POINTS
        || frame.ptsMillis() - points.peekFirst().ptsMillis() > WINDOW_MILLIS) {
      points.removeFirst();
    }
  }

  synchronized void frameImage(long frame, byte[] jpegBytes) {
    if (frame > jpegFrame) {
      jpeg = jpegBytes;
      jpegFrame = frame;
    }
  }

  /** The state as one immutable value, for a response. */
  synchronized Snapshot snapshot(long nowNanos) {
    double fps = 0;
    if (emitNanos.size() > 1 && nowNanos - emitNanos.peekLast() < RATE_WINDOW_NANOS) {
      fps = (emitNanos.size() - 1) * 1e9 / (emitNanos.peekLast() - emitNanos.peekFirst());
    }
    return new Snapshot(index, name, frames, dropped, fps, latest, jpegFrame, points.size());
  }

  synchronized List<TimelinePoint> timeline() {
    return new ArrayList<>(points);
  }

  synchronized Frame frame() {
    return jpeg != null ? new Frame(jpegFrame, jpeg) : null;
  }

  synchronized FrameResult latest() {
    return latest;
  }

  /** The latest annotated frame; {@code jpeg} is never written after it is set. */
  record Frame(long frame, byte[] jpeg) {}

  /**
   * @param fps frames emitted per second over the last two seconds (0 once none came for two)
   * @param latest the latest frame that was analysed (not dropped), or null
   * @param imageFrame the index of the frame {@link #frame()} shows, or -1
   */
  record Snapshot(
      int index,
      String name,
      long frames,
      long dropped,
      double fps,
      FrameResult latest,
      long imageFrame,
      int points) {}
}
