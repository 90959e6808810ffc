package io.affectanalyzer.bench.jmh;

import io.affectanalyzer.runtime.output.CsvResultWriter;
import io.affectanalyzer.runtime.output.FaceResult;
import io.affectanalyzer.runtime.output.FrameResult;
import io.affectanalyzer.runtime.output.JsonlResultWriter;
import io.affectanalyzer.runtime.output.ResultWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encoding one frame's record (one or four analysed faces with all three heads) with the JSONL and
 * CSV writers, into a stream that discards the bytes: the encoding cost, not the disk's.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class ResultEncodingBench {
  @Param({"jsonl", "csv"})
  public String format;

  @Param({"1", "4"})
  public int faces;

  private ResultWriter writer;
  private FrameResult frame;
  private long index;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    Random r = new Random(11);
    List<FaceResult> list = new ArrayList<>();
    for (int i = 0; i < faces; i++) {
      list.add(
          new FaceResult(i, Fixtures.face(100 + 140 * i, 180, 0.9f), true, Fixtures.scores(r)));
    }
    frame = new FrameResult("bench.mp4", 0, 0, null, false, List.copyOf(list));
    OutputStream sink = OutputStream.nullOutputStream();
    writer =
        format.equals("csv")
            ? new CsvResultWriter(sink, Fixtures.spec(64))
            : new JsonlResultWriter(sink, Fixtures.spec(64));
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    writer.close();
  }

  @Benchmark
  public long write() throws IOException {
    index++;
    writer.write(frame);
    return index;
  }
}
