package io.affectanalyzer.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time of this process's threads over a run, by role, from {@code /proc/self/task/<tid>/stat}
 * (Linux; empty elsewhere). It sees native threads too (FFmpeg's frame threads), which the JVM's
 * thread bean misses. Sampled every few hundred milliseconds so that a thread which ends before the
 * run does (a decoder's) still counts with its last reading.
 */
final class ThreadCpuProbe implements AutoCloseable {
  private static final Path TASKS = Path.of("/proc/self/task");

  /** Linux reports utime and stime in USER_HZ ticks, 100 per second on every common kernel. */
  private static final double TICKS_PER_SECOND = 100;

  /**
   * One thread's name, CPU seconds so far, and seconds it spent runnable but waiting for a core
   * ({@code schedstat}; NaN where the kernel does not keep it).
   */
  record Reading(String name, double seconds, double waitingSeconds) {
    Reading(String name, double seconds) {
      this(name, seconds, Double.NaN);
    }

    Reading waiting(double s) {
      return new Reading(name, seconds, s);
    }
  }

  private final Map<String, Reading> baseline;
  private final Map<String, Reading> latest = new HashMap<>();
  private final DaemonSampler timer;
  private final long start = System.nanoTime();
  private long end;

  ThreadCpuProbe(long periodMillis) {
    baseline = read();
    timer = new DaemonSampler("cpu-sampler", periodMillis, periodMillis, this::sample);
  }

  private synchronized void sample() {
    latest.putAll(read());
  }

  /** Stops sampling after one last reading. */
  @Override
  public void close() {
    timer.close();
    sample();
    synchronized (this) {
      end = System.nanoTime();
    }
  }

  /** CPU seconds per role ({@link #role}) spent between construction and {@link #close}. */
  synchronized Map<String, Double> secondsByRole() {
    Map<String, Double> out = new TreeMap<>();
    latest.forEach(
        (tid, r) -> {
          Reading before = baseline.get(tid);
          double used =
              r.seconds - (before != null && before.name.equals(r.name) ? before.seconds : 0);
          if (used > 0) {
            out.merge(role(r.name), used, Double::sum);
          }
        });
    return out;
  }

  /** Seconds each role's threads were runnable but off a core, construction to {@link #close}. */
  synchronized Map<String, Double> waitingSecondsByRole() {
    Map<String, Double> out = new TreeMap<>();
    latest.forEach(
        (tid, r) -> {
          Reading before = baseline.get(tid);
          boolean same = before != null && before.name.equals(r.name);
          double waited = r.waitingSeconds - (same ? before.waitingSeconds : 0);
          if (waited > 0) {
            out.merge(role(r.name), waited, Double::sum);
          }
        });
    return out;
  }

  /** Wall seconds from construction to {@link #close}. */
  synchronized double wallSeconds() {
    return ((end == 0 ? System.nanoTime() : end) - start) / 1e9;
  }

  /**
   * What a thread does, from its name: the pipeline's stages ({@code stage-detect} to {@code
   * detect}), decoding (the sources' {@code decode-N} threads and FFmpeg's {@code av:*}), {@code
   * jit}, {@code gc}, else {@code other}.
   */
  static String role(String threadName) {
    if (threadName.startsWith("stage-")) {
      return threadName.substring("stage-".length());
    }
    if (threadName.startsWith("av:") || threadName.startsWith("decode-")) {
      return "decode";
    }
    if (threadName.contains("CompilerThre")) {
      return "jit";
    }
    if (threadName.startsWith("GC ") || threadName.startsWith("G1 ")) {
      return "gc";
    }
    return "other";
  }

  /**
   * A thread's name and CPU seconds (user + system) from one {@code stat} line; null if it does not
   * parse. The name sits in parentheses and may hold spaces and parentheses itself.
   */
  static Reading parse(String stat) {
    int open = stat.indexOf('(');
    int close = stat.lastIndexOf(')');
    if (open < 0 || close < open) {
      return null;
    }
    String[] f = stat.substring(close + 2).trim().split("\\s+");
    if (f.length < 13) {
      return null;
    }
    try {
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
      return new Reading(stat.substring(open + 1, close), ticks / TICKS_PER_SECOND);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The second field of a {@code schedstat} line (nanoseconds waiting on a run queue), in s. */
  static double waitingSeconds(String schedstat) {
    String[] f = schedstat.trim().split("\\s+");
    try {
      return f.length >= 2 ? Long.parseLong(f[1]) / 1e9 : Double.NaN;
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static Map<String, Reading> read() {
    Map<String, Reading> out = new HashMap<>();
    try (Stream<Path> tasks = Files.list(TASKS)) {
      tasks.forEach(
          task -> {
            try {
              Reading r = parse(Files.readString(task.resolve("stat")));
              if (r != null) {
                Path sched = task.resolve("schedstat");
                if (Files.isReadable(sched)) {
                  r = r.waiting(waitingSeconds(Files.readString(sched)));
                }
                out.put(task.getFileName().toString(), r);
              }
            } catch (IOException | RuntimeException e) {
              // the thread ended between the listing and the read
            }
          });
    } catch (IOException | RuntimeException e) {
      return out; // no /proc here: the figures stay empty
    }
    return out;
  }
}
