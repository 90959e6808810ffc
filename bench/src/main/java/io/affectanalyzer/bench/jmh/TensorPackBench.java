package io.affectanalyzer.bench.jmh;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Random;
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

/**
 * Packing aligned crops (each frame's {@code float[]}) into the direct, native-order batch buffer
 * ONNX Runtime reads in place, one absolute bulk put per face, as the pipeline's infer stage does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class TensorPackBench {
  @Param({"1", "8", "32"})
  public int batch;

  private static final int SIZE = 64;
  private final int cropFloats = 3 * SIZE * SIZE;
  private float[][] crops;
  private FloatBuffer buffer;

  @Setup
  public void setUp() {
    Random r = new Random(3);
    crops = new float[batch][cropFloats];
    for (float[] c : crops) {
      for (int i = 0; i < c.length; i++) {
        c[i] = r.nextFloat();
      }
    }
    buffer =
        ByteBuffer.allocateDirect(batch * cropFloats * Float.BYTES)
            .order(ByteOrder.nativeOrder())
            .asFloatBuffer();
  }

  @Benchmark
  public FloatBuffer pack() {
    for (int k = 0; k < batch; k++) {
      buffer.put(k * cropFloats, crops[k], 0, cropFloats);
    }
    return buffer;
  }
}
