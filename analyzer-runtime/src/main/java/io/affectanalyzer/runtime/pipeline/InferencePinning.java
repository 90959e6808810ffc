package io.affectanalyzer.runtime.pipeline;

import io.affectanalyzer.runtime.cpu.CpuAffinity;
import io.affectanalyzer.runtime.cpu.InferenceCore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs on the inference thread and decides, once a second, whether the process is pinned to an
 * {@link InferenceCore}. Pinning pays while inference is the stage that bounds the pipeline, loses
 * time waiting for a core, and the other threads fit on the remaining cores; it costs when they do
 * not (no faces, so detection bounds the pipeline; large frames), since they then lose a core.
 * Measured over each window: the inference thread's CPU time, its time runnable but off a core
 * ({@code /proc/thread-self/schedstat}) and the process's CPU time.
 */
final class InferencePinning {
  /** What one window measured, as shares of its wall time (the rest in cores). */
  record Window(double busy, double waiting, double restCores) {}

  static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** Pin when unpinned inference waited for a core this share of the time, or more... */
  static final double WAITING_TO_PIN = 0.05;

  /** ...while busy at least this share (below it inference keeps up without a core)... */
  static final double BUSY_TO_PIN = 0.5;

  /** ...and the other threads used at most this share of the cores they would keep. */
  static final double REST_FITS = 0.9;

  /**
   * Pinned, inference busy less than this in {@link #LOW_WINDOWS_TO_LET_GO} windows in a row: the
   * others need the core more (unpinned it was busy 86-88% on the sample video, pinned 92-97%; the
   * JIT's first seconds bring it to 81-88%).
   */
  static final double BUSY_TO_STAY = 0.8;

  static final int LOW_WINDOWS_TO_LET_GO = 2;

  /** Windows to stay unpinned after letting go, so a borderline load does not flap. */
  static final int COOLDOWN_WINDOWS = 5;

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final com.sun.management.OperatingSystemMXBean OS =
      ManagementFactory.getOperatingSystemMXBean()
              instanceof com.sun.management.OperatingSystemMXBean os
          ? os
          : null;
  private static final Path OWN_SCHEDSTAT = Path.of("/proc/thread-self/schedstat");

  private final InferenceCore core;
  private final PipelineMetrics metrics;
  private int tid = -1;
  private boolean pinned;
  private int cooldown;
  private int low;
  private long windowStart;
  private long cpu0;
  private long wait0;
  private long process0;

  InferencePinning(InferenceCore core, PipelineMetrics metrics) {
    this.core = core;
    this.metrics = metrics;
  }

  /** On the inference thread, before its first event. */
  void start() {
    tid = CpuAffinity.thisThreadId().orElse(-1);
    if (tid < 0) {
      return;
    }
    if (core.isAlways()) {
      pin(true);
    }
    sample(System.nanoTime());
  }

  /** After each event; measures and decides once a window has passed. */
  void tick() {
    if (tid < 0 || core.isAlways()) {
      return;
    }
    long now = System.nanoTime();
    if (now - windowStart < WINDOW_NANOS) {
      return;
    }
    double wall = now - windowStart;
    long cpu = THREADS.getCurrentThreadCpuTime();
    long wait = ownWaitNanos();
    long process = OS != null ? OS.getProcessCpuTime() : -1;
    if (wait >= 0 && wait0 >= 0 && process >= 0 && process0 >= 0) {
      double busy = (cpu - cpu0) / wall;
      Window w =
          new Window(busy, (wait - wait0) / wall, Math.max(0, (process - process0) / wall - busy));
      if (cooldown > 0) {
        cooldown--;
      } else {
        boolean verdict = decide(pinned, w, core.rest().cardinality());
        low = pinned && !verdict ? low + 1 : 0;
        if (!pinned && verdict) {
          pin(true);
        } else if (pinned && low >= LOW_WINDOWS_TO_LET_GO) {
          pin(false);
          low = 0;
          cooldown = COOLDOWN_WINDOWS;
        }
      }
    }
    sample(now);
  }

  /** On the inference thread, at shutdown: every thread goes back on all cores. */
  void stop() {
    if (pinned) {
      pin(false);
    }
  }

  /**
   * Whether the window just measured calls for pinning (unpinned), or for staying pinned (pinned).
   */
  static boolean decide(boolean pinned, Window w, int restCores) {
    if (pinned) {
      return w.busy() >= BUSY_TO_STAY;
    }
    return w.waiting() >= WAITING_TO_PIN
        && w.busy() >= BUSY_TO_PIN
        && w.restCores() <= REST_FITS * restCores;
  }

  private void pin(boolean on) {
    if (on) {
      core.pin(tid);
    } else {
      core.release();
    }
    pinned = on;
    metrics.inferencePinned(on);
  }

  private void sample(long now) {
    windowStart = now;
    cpu0 = THREADS.getCurrentThreadCpuTime();
    wait0 = ownWaitNanos();
    process0 = OS != null ? OS.getProcessCpuTime() : -1;
  }

  /** Nanoseconds this thread has spent runnable but off a core; -1 where the kernel keeps none. */
  private static long ownWaitNanos() {
    try {
      String[] f = Files.readString(OWN_SCHEDSTAT).trim().split("\\s+");
      return f.length >= 2 ? Long.parseLong(f[1]) : -1;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
