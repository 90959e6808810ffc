package io.affectanalyzer.bench.jmh;

import io.affectanalyzer.runtime.source.PixelCopy;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacv.Frame;
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
 * Copying a decoder's BGR frame out into packed rows, once per decoded frame. 640x360 has packed
 * rows (one bulk copy); 1921x1080 has padded rows (javacv aligns rows to 8 bytes), so row by row.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class PixelCopyBench {
  @Param({"640x360", "1921x1080"})
  public String size;

  private Frame frame;
  private byte[] dst;

  @Setup
  public void setUp() {
    String[] wh = size.split("x");
    frame = new Frame(Integer.parseInt(wh[0]), Integer.parseInt(wh[1]), Frame.DEPTH_UBYTE, 3);
    ByteBuffer pixels = (ByteBuffer) frame.image[0];
    for (int i = 0; i < pixels.capacity(); i++) {
      pixels.put(i, (byte) (i * 31));
    }
    dst = new byte[PixelCopy.packedSize(frame)];
  }

  @Benchmark
  public byte[] copy() {
    PixelCopy.copy(frame, dst);
    return dst;
  }
}
