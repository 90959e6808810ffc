package io.affectanalyzer.bench.e2e;

import static io.affectanalyzer.bench.e2e.ReportText.f;

import io.affectanalyzer.runtime.model.AffectModel;
import io.affectanalyzer.runtime.model.ModelException;
import io.affectanalyzer.runtime.model.OnnxAffectModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Inference at batch 1 on 1 to {@link BenchRig#stagesAtOnce} sessions at once, a thread each: how
 * far this machine's cores really scale the work. Two virtual cores that share one physical core,
 * or its caches, give less than twice one: the measured core limit counts them at this speedup.
 * Each count runs three times, interleaved, and keeps its median, so a neighbour's burst on this
 * shared machine moves the ratio less. Every call takes the first of {@code inference}'s crops.
 */
record SessionScaling(BenchRig rig, InferenceLimit inference) {
  private static final int REPEATS = 3;

  /** Inference at batch 1 on {@code sessions} sessions at once, a thread each, all together. */
  record Figure(int sessions, double facesPerSecond, double speedup) {}

  /** Empty when one stage fills the machine. */
  List<Figure> measure() throws BenchException, InterruptedException {
    int most = rig.stagesAtOnce();
    List<Figure> out = new ArrayList<>();
    if (most < 2) {
      return out;
    }
    // The extra sessions are this method's own; the first is the rig's and stays open.
    List<AffectModel> models = new ArrayList<>(List.of(rig.model()));
    try {
      for (int i = 1; i < most; i++) {
        models.add(OnnxAffectModel.open(rig.modelFile(), rig.ort()));
      }
      double[][] rates = new double[most][REPEATS];
      for (int rep = 0; rep < REPEATS; rep++) {
        for (int k = 1; k <= most; k++) {
          BenchLog.log("inference only, batch 1, %d session(s) at once (%d of 3)", k, rep + 1);
          rates[k - 1][rep] = concurrentRate(models.subList(0, k));
        }
      }
      double single = BenchMath.median(rates[0]);
      for (int k = 1; k <= most; k++) {
        double rate = BenchMath.median(rates[k - 1]);
        out.add(new Figure(k, rate, rate / single));
      }
    } catch (ModelException e) {
      throw new BenchException(e.getMessage());
    } finally {
      models.subList(1, models.size()).forEach(AffectModel::close);
    }
    return out;
  }

  /** Faces/s of all {@code models} together, each called at batch 1 on its own thread. */
  private double concurrentRate(List<AffectModel> models) throws InterruptedException {
    int floats = rig.aligner().floatsPerFace();
    long budget = rig.inferenceBudgetNanos();
    CyclicBarrier start = new CyclicBarrier(models.size() + 1);
    AtomicLong calls = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    for (AffectModel m : models) {
      FloatBuffer buffer =
          ByteBuffer.allocateDirect(floats * Float.BYTES)
              .order(ByteOrder.nativeOrder())
              .asFloatBuffer()
              .put(0, inference.crop(0), 0, floats);
      Runnable loop =
          () -> {
            m.infer(buffer, 1); // warm-up, before the clock starts
            try {
              start.await();
            } catch (InterruptedException | BrokenBarrierException e) {
              return;
            }
            long t0 = System.nanoTime();
            long n = 0;
            while (System.nanoTime() - t0 < budget) {
              m.infer(buffer, 1);
              n++;
            }
            calls.addAndGet(n);
          };
      Thread t = new Thread(loop, "bench-infer-" + threads.size());
      t.start();
      threads.add(t);
    }
    try {
      start.await();
    } catch (BrokenBarrierException e) {
      return Double.NaN;
    }
    long t0 = System.nanoTime();
    for (Thread t : threads) {
      t.join();
    }
    return BenchMath.rate(calls.get(), System.nanoTime() - t0);
  }

  /** The inference section's table of sessions at once; empty without figures. */
  static String markdown(List<Figure> figures) {
    if (figures.isEmpty()) {
      return "";
    }
    StringBuilder md =
        new StringBuilder(
            "\nSessions at once (batch 1, a thread each; the measured core limit counts the cores"
                + " at the last speedup):\n\n| sessions | faces/s together | speedup |\n"
                + "|---:|---:|---:|\n");
    for (Figure g : figures) {
      md.append(f("| %d | %.1f | %.2f |\n", g.sessions(), g.facesPerSecond(), g.speedup()));
    }
    return md.toString();
  }
}
