package io.affectanalyzer.bench.e2e;

import io.affectanalyzer.runtime.source.FrameSource;
import io.affectanalyzer.runtime.source.SourceException;
import io.affectanalyzer.runtime.source.VideoFileSource;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;
import org.bytedeco.javacv.Frame;

/**
 * A video file played {@code loops} times in a row as one stream, optionally paced at its own frame
 * rate and then reported as live: the runtime's file source runs as fast as the pipeline takes
 * frames, and a camera does not. Paced, {@link #grab} returns each frame no earlier than its
 * presentation time after {@link #start}, so the pipeline's capture time is the frame's due time.
 */
final class BenchSource implements FrameSource {
  private final Path path;
  private final String name;
  private final int loops;
  private final boolean paced;
  private VideoFileSource current;
  private int loop;
  private long startNanos;
  private long loopOffsetMillis;
  private long lastPts;
  private long frameMillis = 33;
  private long timestamp;
  private long delivered;

  BenchSource(Path path, String name, int loops, boolean paced) {
    if (loops < 1) {
      throw new IllegalArgumentException("loops must be at least 1: " + loops);
    }
    this.path = path;
    this.name = name;
    this.loops = loops;
    this.paced = paced;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean live() {
    return paced;
  }

  @Override
  public long frameCountHint() {
    return -1;
  }

  @Override
  public void start() throws SourceException {
    current = new VideoFileSource(path, name);
    current.start();
    startNanos = System.nanoTime();
  }

  @Override
  public Frame grab() throws SourceException {
    while (true) {
      Frame f = current.grab();
      if (f == null) {
        if (++loop >= loops || current.endReason() != null) {
          return null;
        }
        loopOffsetMillis += lastPts + frameMillis;
        lastPts = 0;
        current.close();
        current = new VideoFileSource(path, name);
        current.start();
        continue;
      }
      if (f.image == null) {
        continue;
      }
      long pts = current.timestampMillis();
      if (pts > lastPts) {
        frameMillis = pts - lastPts;
      }
      lastPts = pts;
      timestamp = loopOffsetMillis + pts;
      if (paced) {
        long due = startNanos + timestamp * 1_000_000L;
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
          LockSupport.parkNanos(wait);
        }
      }
      delivered++;
      return f;
    }
  }

  @Override
  public long timestampMillis() {
    return timestamp;
  }

  @Override
  public String endReason() {
    return current == null ? null : current.endReason();
  }

  long delivered() {
    return delivered;
  }

  @Override
  public void close() {
    if (current != null) {
      current.close();
    }
  }
}
