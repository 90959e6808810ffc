package io.affectanalyzer.runtime.cli;

import io.affectanalyzer.runtime.testing.LoopbackRtspServer;
import io.affectanalyzer.runtime.testing.SharedData;
import io.affectanalyzer.runtime.testing.TinyModels;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code analyzer run --input rtsp://... --out DIR/live.jsonl} in the background, on a loopback
 * server that plays a video in real time; stderr is kept from the start to {@link #close()}.
 */
final class LiveRun implements AutoCloseable {
  private final LoopbackRtspServer server;
  private final PrintStream saved = System.err;
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final CompletableFuture<Integer> run;
  private final Path out;

  private LiveRun(LoopbackRtspServer server, Path out, List<String> options) {
    this.server = server;
    this.out = out;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    List<String> args =
        new ArrayList<>(
            List.of(
                "run", "--cpu", "--no-progress", "--input", server.url(), "--out", out.toString()));
    args.addAll(options);
    this.run =
        CompletableFuture.supplyAsync(() -> AnalyzerCli.execute(args.toArray(String[]::new)));
  }

  /**
   * Serves the shared {@code video} and starts the run on it with a tiny model written into {@code
   * dir} and {@code options}; skipped when the video is absent.
   */
  static LiveRun withTinyModel(String video, Path dir, String... options) throws Exception {
    Path clip = SharedData.require(video);
    Path model = TinyModels.write(dir.resolve("tiny.onnx"), new TinyModels.Spec().size(32));
    List<String> all = new ArrayList<>(List.of("--model", model.toString()));
    all.addAll(List.of(options));
    return new LiveRun(
        LoopbackRtspServer.serve(clip, dir.resolve("server.log")), dir.resolve("live.jsonl"), all);
  }

  Path out() {
    return out;
  }

  /** Records written so far. */
  long records() throws Exception {
    if (!Files.exists(out)) {
      return 0;
    }
    try (Stream<String> s = Files.lines(out)) {
      return s.count();
    }
  }

  /** Waits until {@code n} records are out, or at most {@code seconds}. */
  void awaitRecords(long n, long seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (records() < n && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
  }

  String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  /**
   * Kills the server mid-stream, as a crash or a pulled cable would, and waits for the exit code.
   */
  int killServerAndAwait() throws Exception {
    server.kill();
    return run.get(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    try {
      server.close();
    } finally {
      System.setErr(saved);
    }
  }
}
