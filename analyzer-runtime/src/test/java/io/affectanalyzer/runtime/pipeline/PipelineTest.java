package io.affectanalyzer.runtime.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.codahale.metrics.MetricRegistry;
import io.affectanalyzer.runtime.align.FaceAligner;
import io.affectanalyzer.runtime.cpu.InferenceCore;
import io.affectanalyzer.runtime.detect.FaceDetection;
import io.affectanalyzer.runtime.detect.FaceDetector;
import io.affectanalyzer.runtime.detect.TwoPassBlazeFaceDetector;
import io.affectanalyzer.runtime.frame.Image;
import io.affectanalyzer.runtime.model.ModelSpec;
import io.affectanalyzer.runtime.model.OnnxAffectModel;
import io.affectanalyzer.runtime.onnx.OrtSessions;
import io.affectanalyzer.runtime.source.FrameSource;
import io.affectanalyzer.runtime.source.VideoFileSource;
import io.affectanalyzer.runtime.testing.DecodedMedia;
import io.affectanalyzer.runtime.testing.SharedData;
import io.affectanalyzer.runtime.testing.ThreadAffinities;
import io.affectanalyzer.runtime.testing.TinyModels;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline as a whole: what its stage threads cost while they wait on each other. */
class PipelineTest {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  @TempDir Path dir;

  /**
   * The real detector, then a wait: a detector whose work happens elsewhere (a GPU, a remote
   * service), so its thread waits and the CPU should be free meanwhile.
   */
  private record WaitingDetector(FaceDetector real, long waitMillis) implements FaceDetector {
    @Override
    public List<FaceDetection> detect(Image image) {
      List<FaceDetection> faces = real.detect(image);
      try {
        Thread.sleep(waitMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return faces;
    }

    @Override
    public void close() {
      real.close();
    }
  }

  /** CPU nanoseconds used so far by the live threads of these stages (this test's pipeline's). */
  private static long cpuNanos(List<String> stages) {
    long sum = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (stages.contains(t.getName())) {
        sum += Math.max(0, THREADS.getThreadCpuTime(t.getId()));
      }
    }
    return sum;
  }

  @Test
  void shouldLeaveTheCpuAloneWhileAStageWaits() throws Exception {
    Path clip = SharedData.require("videos/single_face.mp4");
    Image first = DecodedMedia.frames(clip, 1).get(0);
    try (TwoPassBlazeFaceDetector real =
        TwoPassBlazeFaceDetector.open(OrtSessions.Options.cpu(1))) {
      for (int i = 0; i < 5; i++) {
        real.detect(first); // warm: the first runs plan memory and compile
      }
      // Every frame waits 40 ms in detection: the stages after it have nothing to do meanwhile.
      FaceDetector detector = new WaitingDetector(real, 40);
      FrameSource source = new VideoFileSource(clip);
      source.start();
      long wall0 = System.nanoTime();
      long frames;
      double cpuShare;
      try (Pipeline p =
          new Pipeline(
              List.of(source),
              detector,
              new FaceAligner(),
              null,
              List.of(),
              Pipeline.Config.DEFAULT,
              new PipelineMetrics(new MetricRegistry()),
              r -> {})) {
        p.start();
        frames = p.await().get(0).frames();
        // Read before close: the stage threads end with the pipeline.
        cpuShare =
            cpuNanos(List.of("stage-align", "stage-emit")) / (double) (System.nanoTime() - wall0);
      }
      assertEquals(72, frames);
      // Aligning and emitting take well under a millisecond of each 40 ms; a stage that spins while
      // it waits for the one before it uses a whole core, and these two would show 1.0 or more.
      System.out.printf("align + emit used %.2f of a core while detection waited%n", cpuShare);
      assertTrue(cpuShare < 0.2, "align + emit used " + cpuShare + " of a core");
    }
  }

  @Test
  void shouldRunInferenceAloneOnItsCoreWhenAlwaysPinned() throws Exception {
    InferenceCore core = InferenceCore.ofThisThread().orElse(null);
    assumeTrue(core != null, "skipped: needs Linux and 2 CPUs or more");
    Path clip = SharedData.require("videos/single_face.mp4");
    Path file = TinyModels.write(dir.resolve("tiny.onnx"), new TinyModels.Spec());
    AtomicReference<Map<String, BitSet>> during = new AtomicReference<>();
    AtomicInteger scored = new AtomicInteger();
    AtomicReference<Thread> emitThread = new AtomicReference<>();
    long frames;
    boolean emitAliveAfterClose;
    try (OnnxAffectModel model = OnnxAffectModel.open(file, OrtSessions.Options.cpu(1));
        TwoPassBlazeFaceDetector detector =
            TwoPassBlazeFaceDetector.open(OrtSessions.Options.cpu(1))) {
      ModelSpec spec = model.spec();
      FrameSource source = new VideoFileSource(clip);
      source.start();
      try (Pipeline p =
          new Pipeline(
              List.of(source),
              detector,
              new FaceAligner(spec.inputSize(), spec.rgb(), spec.mean(), spec.std()),
              model,
              List.of(),
              Pipeline.Config.DEFAULT.withInferenceCore(core.always()),
              new PipelineMetrics(new MetricRegistry()),
              r -> {
                if (!r.faces().isEmpty() && r.faces().get(0).scores() != null) {
                  scored.incrementAndGet();
                }
                if (r.frame() == 10) {
                  emitThread.set(Thread.currentThread());
                  try {
                    during.set(ThreadAffinities.byName());
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                }
              })) {
        p.start();
        frames = p.await().get(0).frames();
      }
      emitAliveAfterClose = emitThread.get().isAlive();
    }
    assertEquals(72, frames);
    assertTrue(scored.get() >= 68, scored + " of 72 frames scored");
    BitSet one = new BitSet();
    one.set(core.core());
    Map<String, BitSet> seen = during.get();
    assertEquals(one, seen.get("stage-infer"), "inference alone on its core");
    for (String stage : List.of("stage-detect", "stage-align", "stage-emit", "decode-0")) {
      assertEquals(core.rest(), seen.get(stage), stage + " off the inference core");
    }
    // close() returns once every stage has run its shutdown (where inference lets go of its core),
    // not when Disruptor has only asked them to stop.
    assertFalse(emitAliveAfterClose, "stage threads ended when close() returned");
    assertEquals(core.all(), ThreadAffinities.ofThisThread(), "let go when the pipeline ended");
  }
}
