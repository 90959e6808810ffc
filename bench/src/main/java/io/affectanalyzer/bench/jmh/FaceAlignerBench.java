package io.affectanalyzer.bench.jmh;

import io.affectanalyzer.runtime.align.FaceAligner;
import io.affectanalyzer.runtime.detect.FaceDetection;
import io.affectanalyzer.runtime.frame.Image;
import java.nio.FloatBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The similarity warp of one face out of a 640x360 frame into a planar float crop. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class FaceAlignerBench {
  /** 64: the CPU preset's input; 112: the aligner's default. */
  @Param({"64", "112"})
  public int size;

  private FaceAligner aligner;
  private Image image;
  private FaceDetection face;
  private FloatBuffer dst;

  @Setup
  public void setUp() {
    aligner =
        new FaceAligner(size, true, new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.5f, 0.5f, 0.5f});
    image = Fixtures.frame(640, 360, 1);
    face = Fixtures.face(320, 180, 0.9f);
    // A heap buffer over the frame's crop array, as the pipeline's align stage writes.
    dst = FloatBuffer.wrap(new float[aligner.floatsPerFace()]);
  }

  @Benchmark
  public FloatBuffer align() {
    aligner.align(image, face, dst, 0);
    return dst;
  }
}
