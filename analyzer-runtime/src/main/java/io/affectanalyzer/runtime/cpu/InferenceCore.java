package io.affectanalyzer.runtime.cpu;

import java.util.BitSet;
import java.util.Optional;

/**
 * A core for the inference stage alone, and the rest of the process's cores for every other thread
 * of a run. On the CPU, inference is the stage that bounds the pipeline, so the pipeline keeps its
 * pace only while that stage never waits. Unpinned on two cores, the scheduler puts the other
 * stages' wake-ups on its core: it waited, runnable, for 14% of the run, while a core sat idle 16%
 * of the time.
 *
 * <p>Threads inherit their affinity from the thread that starts them: {@link #keepOff} on the
 * thread that opens the sources and starts the pipeline covers the decoder's own threads too.
 */
public final class InferenceCore {
  private final int core;
  private final BitSet rest;

  private InferenceCore(int core, BitSet rest) {
    this.core = core;
    this.rest = rest;
  }

  /**
   * The plan for the CPUs the calling thread may use: the last of them for inference, the others
   * for the rest; empty when there are fewer than two or they cannot be read.
   */
  public static Optional<InferenceCore> ofThisThread() {
    return CpuAffinity.ofThisThread().flatMap(InferenceCore::of);
  }

  static Optional<InferenceCore> of(BitSet allowed) {
    if (allowed.cardinality() < 2) {
      return Optional.empty();
    }
    BitSet rest = (BitSet) allowed.clone();
    int core = allowed.length() - 1;
    rest.clear(core);
    return Optional.of(new InferenceCore(core, rest));
  }

  public int core() {
    return core;
  }

  public BitSet rest() {
    return (BitSet) rest.clone();
  }

  /** Puts the calling thread (the inference stage's) on the inference core alone. */
  public boolean take() {
    BitSet one = new BitSet();
    one.set(core);
    return CpuAffinity.setThisThread(one);
  }

  /**
   * Moves the calling thread, and every thread it starts until the scope closes, off the inference
   * core; closing puts the calling thread back where it was.
   */
  public Scope keepOff() {
    Optional<BitSet> before = CpuAffinity.ofThisThread();
    CpuAffinity.setThisThread(rest);
    return () -> before.ifPresent(CpuAffinity::setThisThread);
  }

  /** For the logs and reports: "core 1 for inference, 0 for the rest". */
  @Override
  public String toString() {
    return "core " + core + " for inference, " + ranges(rest) + " for the rest";
  }

  private static String ranges(BitSet cpus) {
    StringBuilder out = new StringBuilder();
    for (int a = cpus.nextSetBit(0); a >= 0; a = cpus.nextSetBit(a + 1)) {
      int b = cpus.nextClearBit(a) - 1;
      out.append(out.isEmpty() ? "" : ",").append(a == b ? a : a + "-" + b);
      a = b;
    }
    return out.toString();
  }

  /** A scope that cannot fail to close. */
  public interface Scope extends AutoCloseable {
    /** Changes nothing. */
    Scope NONE = () -> {};

    @Override
    void close();
  }
}
