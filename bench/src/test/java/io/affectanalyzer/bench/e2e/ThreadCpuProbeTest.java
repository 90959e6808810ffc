package io.affectanalyzer.bench.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.affectanalyzer.runtime.cpu.CpuAffinity;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadCpuProbeTest {
  @Test
  void shouldReadNameAndTicksFromAStatLineWhoseNameHasSpacesAndParentheses() {
    String stat =
        "4242 (C2 CompilerThre) S 1 1 1 0 -1 4194368 10 0 0 0 250 31 0 0 20 0 1 0 100 0 0";
    ThreadCpuProbe.Reading r = ThreadCpuProbe.parse(stat);
    assertEquals("C2 CompilerThre", r.name());
    assertEquals(2.81, r.seconds(), 1e-9);
    assertEquals("a (b) c", ThreadCpuProbe.parse("7 (a (b) c) R " + "0 ".repeat(12)).name());
    assertNull(ThreadCpuProbe.parse("7 (short) R 1 2"));
  }

  @Test
  void shouldGroupThreadsByRole() {
    assertEquals("detect", ThreadCpuProbe.role("stage-detect"));
    assertEquals("decode", ThreadCpuProbe.role("av:h264:df0"));
    assertEquals("decode", ThreadCpuProbe.role("decode-3"));
    assertEquals("jit", ThreadCpuProbe.role("C1 CompilerThre"));
    assertEquals("gc", ThreadCpuProbe.role("GC Thread#0"));
    assertEquals("other", ThreadCpuProbe.role("main"));
  }

  @Test
  void shouldCountTheCpuOfAThreadThatEndedBeforeTheProbeClosed() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "needs Linux /proc");
    double[] own = new double[1];
    Map<String, Double> byRole;
    try (ThreadCpuProbe probe = new ThreadCpuProbe(20)) {
      Thread busy = new Thread(() -> own[0] = spinThenIdle(200_000_000L), "stage-busy");
      busy.start();
      busy.join();
      Thread.sleep(60); // the thread is gone; its last reading stays
      probe.close();
      byRole = probe.secondsByRole();
      assertTrue(probe.wallSeconds() >= 0.3, "wall " + probe.wallSeconds());
    }
    // /proc counts in 10 ms ticks.
    assertEquals(own[0], byRole.getOrDefault("busy", 0.0), 0.03, "busy thread: " + byRole);
  }

  @Test
  void shouldReadTheWaitFromASchedstatLine() {
    assertEquals(1.5, ThreadCpuProbe.waitingSeconds("123456 1500000000 42\n"), 1e-9);
    assertTrue(Double.isNaN(ThreadCpuProbe.waitingSeconds("123456")));
  }

  @Test
  void shouldSeeTwoThreadsOnOneCoreWaitForEachOther() throws Exception {
    BitSet all = CpuAffinity.ofThisThread().orElse(null);
    assumeTrue(
        all != null && Files.isReadable(Path.of("/proc/thread-self/schedstat")),
        "needs Linux with schedstat");
    BitSet one = new BitSet();
    one.set(all.nextSetBit(0));
    Map<String, Double> waited;
    Map<String, Double> used;
    double wall;
    try (ThreadCpuProbe probe = new ThreadCpuProbe(20)) {
      List<Thread> pair = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        Thread t =
            new Thread(
                () -> {
                  CpuAffinity.setThisThread(one);
                  spinThenIdle(200_000_000L);
                },
                "stage-spin");
        pair.add(t);
      }
      long start = System.nanoTime();
      pair.forEach(Thread::start);
      for (Thread t : pair) {
        t.join();
      }
      wall = (System.nanoTime() - start) / 1e9;
      probe.close();
      waited = probe.waitingSecondsByRole();
      used = probe.secondsByRole();
    }
    // Sharing one core, each waits at least about as long as the other runs (0.4 s in all on an
    // idle core; more when other processes of a busy machine want that core too), and never longer
    // than it existed without running.
    double cpu = used.getOrDefault("spin", 0.0);
    assertEquals(0.4, cpu, 0.06, "CPU: " + used);
    double w = waited.getOrDefault("spin", 0.0);
    assertTrue(w > 0.2, "two spinning threads on one core waited only " + w + " s");
    assertTrue(
        w < 2 * wall - cpu + 0.05,
        "waited " + w + " s, more than the " + (2 * wall - cpu) + " s the pair was off the core");
  }

  /**
   * Spins until the calling thread has used {@code cpuNanos} of CPU (not wall) time, then idles 100
   * ms so the sampler reads the final figure; returns the CPU seconds used.
   */
  private static double spinThenIdle(long cpuNanos) {
    ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    double x = 0;
    while (bean.getCurrentThreadCpuTime() < cpuNanos) {
      x += Math.sqrt(x + 1);
    }
    double used = bean.getCurrentThreadCpuTime() / 1e9;
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (x < 0) {
      System.out.println(x); // keeps the loop from being optimised away
    }
    return used;
  }
}
