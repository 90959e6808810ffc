package io.affectanalyzer.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Resident memory of this process from {@code /proc/self/status}: {@code VmRSS} now, {@code VmHWM}
 * its peak. Counts native memory (decoders, ONNX Runtime) that the JVM's heap figures miss.
 */
final class MemoryProbe implements AutoCloseable {
  private static final Path STATUS = Path.of("/proc/self/status");
  private final List<Double> seconds = new ArrayList<>();
  private final List<Double> megabytes = new ArrayList<>();
  private final DaemonSampler timer;
  private final long start = System.nanoTime();

  /** Samples {@code VmRSS} every {@code periodMillis} until closed. */
  MemoryProbe(long periodMillis) {
    timer = new DaemonSampler("rss-sampler", 0, periodMillis, this::sample);
  }

  private synchronized void sample() {
    long kb = kilobytes("VmRSS");
    if (kb >= 0) {
      seconds.add((System.nanoTime() - start) / 1e9);
      megabytes.add(kb / 1024.0);
    }
  }

  synchronized List<Double> seconds() {
    return List.copyOf(seconds);
  }

  synchronized List<Double> megabytes() {
    return List.copyOf(megabytes);
  }

  @Override
  public void close() {
    timer.close();
  }

  /** A {@code /proc/self/status} field in kB ({@code VmRSS}, {@code VmHWM}); -1 when absent. */
  static long kilobytes(String field) {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}
