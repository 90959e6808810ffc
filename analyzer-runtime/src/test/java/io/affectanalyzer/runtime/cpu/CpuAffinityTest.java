package io.affectanalyzer.runtime.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.affectanalyzer.runtime.testing.ThreadAffinities;
import java.util.BitSet;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CpuAffinityTest {
  @Test
  void shouldReadWhatTheKernelReports() throws Exception {
    Optional<BitSet> mine = CpuAffinity.ofThisThread();
    assumeTrue(mine.isPresent(), "skipped: no sched_getaffinity here (not Linux)");
    assertEquals(ThreadAffinities.ofThisThread(), mine.get());
  }

  @Test
  void shouldPinOnlyTheCallingThread() throws Exception {
    BitSet all = CpuAffinity.ofThisThread().orElse(null);
    assumeTrue(all != null && all.cardinality() >= 2, "skipped: needs Linux and 2 CPUs or more");
    BitSet last = new BitSet();
    last.set(all.length() - 1);
    AtomicReference<BitSet> seen = new AtomicReference<>();
    AtomicReference<Boolean> done = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              done.set(CpuAffinity.setThisThread(last));
              try {
                seen.set(ThreadAffinities.ofThisThread());
              } catch (Exception e) {
                seen.set(null);
              }
            });
    t.start();
    t.join();
    assertTrue(done.get());
    assertEquals(last, seen.get(), "the pinned thread, as the kernel reports it");
    assertEquals(all, ThreadAffinities.ofThisThread(), "the calling thread did not move");
  }

  @Test
  void shouldRefuseAnEmptySet() {
    assertEquals(false, CpuAffinity.setThisThread(new BitSet()));
  }
}
