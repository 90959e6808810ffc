package io.affectanalyzer.runtime.cpu;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * The calling thread's CPU affinity, through glibc's {@code sched_getaffinity} and {@code
 * sched_setaffinity}. Linux keeps it per thread, and a thread inherits it from the thread that
 * started it. Elsewhere, or where the call fails, nothing changes and the answer says so.
 */
public final class CpuAffinity {
  /** A {@code cpu_set_t}: 1024 CPUs. */
  private static final int MASK_LONGS = 16;

  private static final NativeLong MASK_BYTES = new NativeLong(MASK_LONGS * Long.BYTES);

  private interface LibC extends Library {
    int sched_getaffinity(int pid, NativeLong size, long[] mask) throws LastErrorException;

    int sched_setaffinity(int pid, NativeLong size, long[] mask) throws LastErrorException;
  }

  private static final LibC LIBC = load();

  private CpuAffinity() {}

  private static LibC load() {
    if (!Platform.isLinux()) {
      return null;
    }
    try {
      return Native.load(Platform.C_LIBRARY_NAME, LibC.class);
    } catch (UnsatisfiedLinkError e) {
      return null;
    }
  }

  /** The CPUs the calling thread may run on; empty where that cannot be read. */
  public static Optional<BitSet> ofThisThread() {
    if (LIBC == null) {
      return Optional.empty();
    }
    long[] mask = new long[MASK_LONGS];
    try {
      LIBC.sched_getaffinity(0, MASK_BYTES, mask); // pid 0: the calling thread
    } catch (LastErrorException e) {
      return Optional.empty();
    }
    return Optional.of(BitSet.valueOf(mask));
  }

  /** Restricts the calling thread to {@code cpus}; false when that could not be done. */
  public static boolean setThisThread(BitSet cpus) {
    return setThread(0, cpus);
  }

  /** Restricts thread {@code tid} of this process (0: the calling one) to {@code cpus}. */
  public static boolean setThread(int tid, BitSet cpus) {
    if (LIBC == null || cpus.isEmpty() || cpus.length() > MASK_LONGS * Long.SIZE) {
      return false;
    }
    long[] mask = new long[MASK_LONGS];
    long[] set = cpus.toLongArray();
    System.arraycopy(set, 0, mask, 0, set.length);
    try {
      LIBC.sched_setaffinity(tid, MASK_BYTES, mask);
      return true;
    } catch (LastErrorException e) {
      return false;
    }
  }

  /** The calling thread's kernel id, from {@code /proc/thread-self}; empty without it. */
  public static OptionalInt thisThreadId() {
    try {
      return OptionalInt.of(
          Integer.parseInt(
              Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString()));
    } catch (IOException | RuntimeException e) {
      return OptionalInt.empty();
    }
  }

  /** The kernel ids of this process's threads now; empty without {@code /proc}. */
  public static List<Integer> threadIds() {
    List<Integer> out = new ArrayList<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      tasks.forEach(t -> out.add(Integer.parseInt(t.getFileName().toString())));
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
    return out;
  }
}
