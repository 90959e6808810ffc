package io.affectanalyzer.runtime.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where this process's threads may run, as the kernel reports it ({@code Cpus_allowed_list} in
 * {@code /proc/self/task/<tid>/status}), read independently of the code under test.
 */
public final class ThreadAffinities {
  private ThreadAffinities() {}

  /**
   * Each thread name (as the kernel shortens it) to its CPUs; a name seen twice keeps both sets.
   */
  public static Map<String, BitSet> byName() throws IOException {
    Map<String, BitSet> out = new HashMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          String name = Files.readString(task.resolve("comm")).strip();
          out.merge(
              name,
              allowed(task.resolve("status")),
              (a, b) -> {
                a.or(b);
                return a;
              });
        } catch (IOException gone) {
          // the thread ended between the listing and the read
        }
      }
    }
    return out;
  }

  /** The calling thread's CPUs. */
  public static BitSet ofThisThread() throws IOException {
    return allowed(Path.of("/proc/thread-self/status"));
  }

  private static BitSet allowed(Path status) throws IOException {
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("Cpus_allowed_list:")) {
        return parse(line.substring(line.indexOf(':') + 1).strip());
      }
    }
    throw new IOException("no Cpus_allowed_list in " + status);
  }

  /** "0-2,5" to {0, 1, 2, 5}. */
  public static BitSet parse(String list) {
    BitSet cpus = new BitSet();
    for (String part : list.split(",")) {
      String[] ends = part.split("-");
      int a = Integer.parseInt(ends[0]);
      int b = ends.length > 1 ? Integer.parseInt(ends[1]) : a;
      cpus.set(a, b + 1);
    }
    return cpus;
  }
}
