package io.affectanalyzer.runtime.cpu;

import java.util.BitSet;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * A core for the inference stage alone, and the rest of the process's cores for all its other
 * threads. On the CPU, inference is the stage that bounds the pipeline when faces keep it busy, and
 * the pipeline keeps its pace only while that stage never waits; unpinned on two cores, the
 * scheduler puts the other stages' wake-ups on its core. When inference is not what bounds the
 * pipeline (no faces, large frames, a live stream with time to spare), the other stages need every
 * core, so the pipeline pins only while it pays ({@code always}: from the first frame on).
 */
public final class InferenceCore {
  private final int core;
  private final BitSet rest;
  private final BitSet all;
  private final boolean always;

  private InferenceCore(int core, BitSet rest, BitSet all, boolean always) {
    this.core = core;
    this.rest = rest;
    this.all = all;
    this.always = always;
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
    return Optional.of(new InferenceCore(core, rest, (BitSet) allowed.clone(), false));
  }

  /** The same plan, pinned from the first frame whatever the load. */
  public InferenceCore always() {
    return new InferenceCore(core, rest, all, true);
  }

  public boolean isAlways() {
    return always;
  }

  public int core() {
    return core;
  }

  public BitSet rest() {
    return (BitSet) rest.clone();
  }

  /** Every CPU of the plan: where {@link #release} puts the threads back. */
  public BitSet all() {
    return (BitSet) all.clone();
  }

  /**
   * Puts thread {@code inferenceTid} alone on the inference core and every other thread of the
   * process (the decoders' own threads, the JIT, the GC) on the rest. Threads started later inherit
   * the affinity of the thread that starts them.
   */
  public void pin(int inferenceTid) {
    BitSet one = new BitSet();
    one.set(core);
    setEveryThread(tid -> tid == inferenceTid ? one : rest);
  }

  /** Puts every thread of the process back on all the plan's CPUs. */
  public void release() {
    setEveryThread(tid -> all);
  }

  /**
   * A thread started while the list is walked inherits its starter's old affinity and is not in the
   * list: walk again until a walk finds no thread it has not set (bounded, in case threads keep
   * coming).
   */
  private static void setEveryThread(IntFunction<BitSet> cpus) {
    Set<Integer> done = new HashSet<>();
    for (int walk = 0; walk < 8; walk++) {
      boolean found = false;
      for (int tid : CpuAffinity.threadIds()) {
        if (done.add(tid)) {
          CpuAffinity.setThread(tid, cpus.apply(tid));
          found = true;
        }
      }
      if (!found) {
        return;
      }
    }
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
}
