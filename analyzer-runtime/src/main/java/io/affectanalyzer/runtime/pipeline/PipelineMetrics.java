package io.affectanalyzer.runtime.pipeline;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.SlidingWindowReservoir;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline's Dropwizard metrics, under stable names: {@code stage.<name>} timers, {@code
 * frames} and {@code faces} meters, {@code dropped} counter, {@code latency.capture_to_emit_us}
 * histogram (exact over the last 100,000 frames) and one {@code
 * latency.capture_to_emit_us.<stream>} per stream, {@code batch.size} histogram, {@code
 * detect.full}, {@code detect.follow}, {@code detect.kept} and {@code detect.lost} meters
 * (whole-frame detections, frames whose faces were looked for only where they were, frames whose
 * still faces kept their last boxes without a look, and follows that lost a face and fell back to a
 * whole-frame detection), the {@code inference.pinned} gauge (1 while the inference stage has its
 * core to itself, see {@link InferencePinning}) and the {@code ring.occupancy} gauge (registered by
 * the pipeline).
 */
public final class PipelineMetrics {
  public static final String LATENCY = "latency.capture_to_emit_us";
  private final MetricRegistry registry;
  private final Meter frames;
  private final Meter faces;
  private final Counter dropped;
  private final Histogram latency;
  private final Map<String, Histogram> byStream = new ConcurrentHashMap<>();
  private final Meter fullDetections;
  private final Meter follows;
  private final Meter kept;
  private final Meter lost;
  private final long startNanos = System.nanoTime();
  private long pinnedSince = -1;
  private long pinnedNanos;

  public PipelineMetrics(MetricRegistry registry) {
    this.registry = registry;
    this.frames = registry.meter("frames");
    this.faces = registry.meter("faces");
    this.dropped = registry.counter("dropped");
    this.latency = registry.register(LATENCY, new Histogram(new SlidingWindowReservoir(100_000)));
    this.fullDetections = registry.meter("detect.full");
    this.follows = registry.meter("detect.follow");
    this.kept = registry.meter("detect.kept");
    this.lost = registry.meter("detect.lost");
    registry.register("inference.pinned", (Gauge<Integer>) () -> pinnedSince >= 0 ? 1 : 0);
  }

  public MetricRegistry registry() {
    return registry;
  }

  Timer stage(String name) {
    return registry.timer("stage." + name);
  }

  Histogram batchSizes() {
    return registry.histogram("batch.size");
  }

  void frameDone(String stream, long captureNanos, int faceCount, boolean wasDropped) {
    frames.mark();
    faces.mark(faceCount);
    if (wasDropped) {
      dropped.inc();
    } else {
      long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - captureNanos);
      latency.update(micros);
      // Written by the emit thread only; readers (reporters, the bench) may look at any time.
      byStream
          .computeIfAbsent(
              stream,
              s ->
                  registry.histogram(
                      LATENCY + "." + s, () -> new Histogram(new SlidingWindowReservoir(100_000))))
          .update(micros);
    }
  }

  /** Capture-to-emit latency of each stream, by stream name. */
  public Map<String, Snapshot> latencyMicrosByStream() {
    Map<String, Snapshot> out = new TreeMap<>();
    byStream.forEach((k, v) -> out.put(k, v.getSnapshot()));
    return out;
  }

  public long frames() {
    return frames.getCount();
  }

  public long faces() {
    return faces.getCount();
  }

  public long dropped() {
    return dropped.getCount();
  }

  /** Full detections run (including those after following lost a face). */
  public long fullDetectionCount() {
    return fullDetections.getCount();
  }

  /** Frames on which known faces were followed (whether or not all were found). */
  public long followCount() {
    return follows.getCount();
  }

  /** Frames whose still faces kept their last boxes, with no look at all. */
  public long keptCount() {
    return kept.getCount();
  }

  /** Seconds the inference stage has had its core to itself so far. */
  public synchronized double pinnedSeconds() {
    long open = pinnedSince >= 0 ? System.nanoTime() - pinnedSince : 0;
    return (pinnedNanos + open) / 1e9;
  }

  synchronized void inferencePinned(boolean on) {
    long now = System.nanoTime();
    if (on && pinnedSince < 0) {
      pinnedSince = now;
    } else if (!on && pinnedSince >= 0) {
      pinnedNanos += now - pinnedSince;
      pinnedSince = -1;
    }
  }

  /** Follows that lost a face, each followed by a full detection of the same frame. */
  public long lostCount() {
    return lost.getCount();
  }

  Meter kept() {
    return kept;
  }

  Meter lost() {
    return lost;
  }

  Meter fullDetections() {
    return fullDetections;
  }

  Meter follows() {
    return follows;
  }

  public Snapshot latencyMicros() {
    return latency.getSnapshot();
  }

  /** The run's one-line summary. */
  public String summary() {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    Snapshot l = latency.getSnapshot();
    return String.format(
        Locale.ROOT,
        "%d frames, %d faces in %.1f s (%.1f frames/s, %.1f faces/s); capture-to-emit p50 %.1f ms,"
            + " p99 %.1f ms, max %.1f ms; %d dropped",
        frames(),
        faces(),
        seconds,
        frames() / seconds,
        faces() / seconds,
        l.getMedian() / 1000,
        l.get99thPercentile() / 1000,
        l.getMax() / 1000.0,
        dropped());
  }
}
