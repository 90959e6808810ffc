package io.affectanalyzer.runtime.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.affectanalyzer.runtime.testing.ThreadAffinities;
import java.util.BitSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
  void shouldPinEveryThreadOfTheProcessAndLetThemGo() throws Exception {
    InferenceCore core = InferenceCore.ofThisThread().orElse(null);
    assumeTrue(core != null, "skipped: needs Linux and 2 CPUs or more");
    CountDownLatch pinned = new CountDownLatch(1);
    CountDownLatch released = new CountDownLatch(1);
    AtomicReference<BitSet> inferenceSaw = new AtomicReference<>();
    AtomicReference<BitSet> bystanderSaw = new AtomicReference<>();
    CountDownLatch bystanderRead = new CountDownLatch(1);
    CountDownLatch mainRead = new CountDownLatch(1); // release waits for both reads
    Thread bystander =
        new Thread(
            () -> {
              await(pinned);
              bystanderSaw.set(read());
              bystanderRead.countDown();
            },
            "bystander");
    Thread inference =
        new Thread(
            () -> {
              core.pin(CpuAffinity.thisThreadId().orElseThrow());
              inferenceSaw.set(read());
              pinned.countDown();
              await(bystanderRead);
              await(mainRead);
              core.release();
              released.countDown();
            },
            "inference");
    bystander.start();
    inference.start();
    assertTrue(pinned.await(10, TimeUnit.SECONDS));
    BitSet mainWhilePinned = ThreadAffinities.ofThisThread();
    mainRead.countDown();
    assertTrue(released.await(10, TimeUnit.SECONDS));
    bystander.join();
    inference.join();
    BitSet one = new BitSet();
    one.set(core.core());
    assertEquals(one, inferenceSaw.get(), "the inference thread alone on its core");
    assertEquals(core.rest(), bystanderSaw.get(), "a thread started before, moved off it");
    assertEquals(core.rest(), mainWhilePinned, "every thread of the process, this one too");
    assertEquals(core.all(), ThreadAffinities.ofThisThread(), "released: back on every core");
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static BitSet read() {
    try {
      return ThreadAffinities.ofThisThread();
    } catch (Exception e) {
      return null;
    }
  }
}
