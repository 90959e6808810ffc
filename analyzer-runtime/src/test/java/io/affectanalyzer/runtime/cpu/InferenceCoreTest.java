package io.affectanalyzer.runtime.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.affectanalyzer.runtime.testing.ThreadAffinities;
import java.util.BitSet;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class InferenceCoreTest {
  @Test
  void shouldTakeTheLastCoreAndLeaveTheOthers() {
    InferenceCore two = InferenceCore.of(ThreadAffinities.parse("0-1")).orElseThrow();
    assertEquals(1, two.core());
    assertEquals(ThreadAffinities.parse("0"), two.rest());
    assertEquals("core 1 for inference, 0 for the rest", two.toString());

    InferenceCore gaps = InferenceCore.of(ThreadAffinities.parse("0,2-3,5")).orElseThrow();
    assertEquals(5, gaps.core());
    assertEquals("core 5 for inference, 0,2-3 for the rest", gaps.toString());
  }

  @Test
  void shouldNotPinOnOneCore() {
    assertTrue(InferenceCore.of(ThreadAffinities.parse("3")).isEmpty());
  }

  @Test
  void shouldKeepStartedThreadsOffTheCoreUntilTheScopeCloses() throws Exception {
    InferenceCore core = InferenceCore.ofThisThread().orElse(null);
    assumeTrue(core != null, "skipped: needs Linux and 2 CPUs or more");
    BitSet before = ThreadAffinities.ofThisThread();
    AtomicReference<BitSet> child = new AtomicReference<>();
    AtomicReference<BitSet> taken = new AtomicReference<>();
    try (InferenceCore.Scope off = core.keepOff()) {
      assertEquals(core.rest(), ThreadAffinities.ofThisThread());
      Thread started = new Thread(() -> child.set(read()));
      Thread inference =
          new Thread(
              () -> {
                core.take();
                taken.set(read());
              });
      started.start();
      inference.start();
      started.join();
      inference.join();
    }
    assertEquals(core.rest(), child.get(), "a thread started in the scope inherits it");
    BitSet one = new BitSet();
    one.set(core.core());
    assertEquals(one, taken.get(), "take() moves a thread onto the core, even from the rest");
    assertEquals(before, ThreadAffinities.ofThisThread(), "closing puts the caller back");
  }

  private static BitSet read() {
    try {
      return ThreadAffinities.ofThisThread();
    } catch (Exception e) {
      return null;
    }
  }
}
