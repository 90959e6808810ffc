package io.affectanalyzer.bench.e2e;

import com.codahale.metrics.MetricRegistry;
import io.affectanalyzer.runtime.output.FrameResult;
import io.affectanalyzer.runtime.output.JsonlResultWriter;
import io.affectanalyzer.runtime.pipeline.AnalyzerSetup;
import io.affectanalyzer.runtime.pipeline.Pipeline;
import io.affectanalyzer.runtime.pipeline.PipelineMetrics;
import io.affectanalyzer.runtime.source.FrameSource;
import io.affectanalyzer.runtime.source.SourceException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Runs the analyzer's pipeline to the end of its sources, with JSONL output into a discarding
 * stream (encoding counted, disk not), and collects what it measured. Its pipelines come from the
 * analyzer's setup, which is borrowed: its owner closes it.
 */
final class PipelineRunner {
  private final AnalyzerSetup setup;
  private final Pipeline.Config config;

  PipelineRunner(AnalyzerSetup setup, Pipeline.Config config) {
    this.setup = setup;
    this.config = config;
  }

  /** With the configuration the analyzer would run, and no listener. */
  PipelineRun run(List<FrameSource> sources) throws BenchException, InterruptedException {
    return run(sources, config, f -> {});
  }

  PipelineRun run(List<FrameSource> sources, Pipeline.Config config, Consumer<FrameResult> listener)
      throws BenchException, InterruptedException {
    PipelineMetrics metrics = new PipelineMetrics(new MetricRegistry());
    List<FrameSource> started = new ArrayList<>();
    try {
      for (FrameSource s : sources) {
        s.start();
        started.add(s);
      }
    } catch (SourceException e) {
      started.forEach(FrameSource::close);
      throw new BenchException(e.getMessage());
    }
    long nanos;
    ThreadCpuProbe cpu;
    try (JsonlResultWriter writer =
            new JsonlResultWriter(OutputStream.nullOutputStream(), setup.spec());
        Pipeline pipeline = setup.pipeline(sources, List.of(writer), config, metrics, listener)) {
      List<Pipeline.StreamOutcome> outcomes;
      try (ThreadCpuProbe probe = new ThreadCpuProbe(200)) {
        cpu = probe;
        long t0 = System.nanoTime();
        pipeline.start();
        outcomes = pipeline.await();
        nanos = System.nanoTime() - t0;
      }
      for (Pipeline.StreamOutcome o : outcomes) {
        if (o.error() != null) {
          BenchLog.log("warning: %s ended early: %s", o.stream(), o.error());
        }
      }
      if (pipeline.stageFailure() != null) {
        throw new BenchException("a pipeline stage failed: " + pipeline.stageFailure());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    double meanBatch =
        metrics.registry().histogram("batch.size").getSnapshot().size() == 0
            ? 0
            : metrics.registry().histogram("batch.size").getSnapshot().getMean();
    return new PipelineRun(
        metrics.frames(),
        metrics.faces(),
        metrics.dropped(),
        nanos,
        metrics.latencyMicros(),
        metrics.latencyMicrosByStream(),
        meanBatch,
        stageMeans(metrics.registry()),
        cpu.secondsByRole(),
        cpu.waitingSecondsByRole(),
        cpu.wallSeconds(),
        metrics.fullDetectionCount(),
        metrics.fullDetectionCount() + metrics.followCount(),
        metrics.keptCount(),
        metrics.pinnedSeconds());
  }

  /** Mean milliseconds per call of each stage timer the pipeline keeps ({@code stage.<name>}). */
  private static Map<String, Double> stageMeans(MetricRegistry registry) {
    Map<String, Double> out = new TreeMap<>();
    registry
        .getTimers()
        .forEach(
            (name, timer) -> {
              if (name.startsWith("stage.") && timer.getCount() > 0) {
                out.put(name.substring(6), timer.getSnapshot().getMean() / 1e6);
              }
            });
    return out;
  }
}
