package io.affectanalyzer.runtime.cli;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.ScheduledReporter;
import io.affectanalyzer.runtime.dashboard.DashboardFeed;
import io.affectanalyzer.runtime.dashboard.DashboardServer;
import io.affectanalyzer.runtime.kafka.KafkaResultWriter;
import io.affectanalyzer.runtime.kafka.UndeliveredRecordsException;
import io.affectanalyzer.runtime.metrics.PrometheusEndpoint;
import io.affectanalyzer.runtime.model.ModelException;
import io.affectanalyzer.runtime.output.ResultWriter;
import io.affectanalyzer.runtime.pipeline.AnalyzerSetup;
import io.affectanalyzer.runtime.pipeline.Pipeline;
import io.affectanalyzer.runtime.pipeline.PipelineMetrics;
import io.affectanalyzer.runtime.source.FrameSource;
import io.affectanalyzer.runtime.source.SourceException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code analyzer run}: analyses one or more inputs and writes a record per frame. Its options sit
 * in one class per concern; {@link AnalyzerSetup} opens what they name and wires the pipeline.
 */
@Command(
    name = "run",
    sortOptions = false,
    // Heads the options outside a group, which is --input alone.
    optionListHeading = "Inputs:%n",
    description = {
      "Analyses every frame of the inputs and writes one record per frame (JSON Lines, or CSV for"
          + " an --out ending in .csv), also for frames without a face.",
      "",
      "Examples:",
      "  analyzer run --input clip.mp4 --out clip.jsonl",
      "  analyzer run --input photos/ --out photos.csv",
      "  analyzer run --input rtsp://camera.local/stream --input /dev/video0 --out live.jsonl",
      "  analyzer run --input clip.mp4 --out kafka://broker:9092/affect-records",
      ""
    })
public final class RunCommand implements Callable<Integer> {
  // A mixin, not a group: a group would turn picocli's "Missing required option: '--input=INPUT'"
  // into a listing of the group.
  @Mixin InputOptions input;

  @ArgGroup(exclusive = false, heading = "%nOutput:%n")
  OutputOptions output = new OutputOptions();

  @ArgGroup(exclusive = false, heading = "%nModel, batches and threads:%n")
  ModelOptions model = new ModelOptions();

  @ArgGroup(exclusive = false, heading = "%nDetection:%n")
  DetectionOptions detection = new DetectionOptions();

  @ArgGroup(exclusive = false, heading = "%nLive inputs:%n")
  LiveOptions live = new LiveOptions();

  @ArgGroup(exclusive = false, heading = "%nMetrics:%n")
  MetricsOptions metrics = new MetricsOptions();

  @ArgGroup(exclusive = false, heading = "%nLive dashboard:%n")
  ServeOptions serve = new ServeOptions();

  @ArgGroup(exclusive = false, heading = "%nHelp:%n")
  HelpOptions help = new HelpOptions();

  private final PrintStream err = System.err;

  public RunCommand() {}

  /** A run with a worker's options, for the jobs it analyses as {@code run --input JOB} would. */
  RunCommand(
      ModelOptions model, DetectionOptions detection, LiveOptions live, MetricsOptions metrics) {
    this.model = model;
    this.detection = detection;
    this.live = live;
    this.metrics = metrics;
    output.progress = false;
  }

  @Override
  public Integer call() {
    List<FrameSource> sources = new ArrayList<>();
    AnalyzerSetup setup = null;
    DashboardServer dashboard = null;
    boolean ran = false;
    try {
      validate();
      output.validate();
      serve.validate();
      input.openAll(live.sourceOptions(), sources);
      live.pace(sources);
      setup = openSetup();
      List<ResultWriter> writers = new ArrayList<>();
      MetricRegistry registry = new MetricRegistry();
      DashboardFeed feed = serve.feed(sources, setup.spec());
      if (feed != null) {
        writers.add(setup.adopt(feed));
        dashboard = serve.start(feed, registry, setup.spec(), err);
      }
      // The annotated copy's target is checked before the records' file is opened: a bad one
      // leaves no output behind.
      ResultWriter annotated = output.openAnnotated(sources, setup.spec(), err);
      if (annotated != null) {
        writers.add(setup.adopt(annotated));
      }
      ResultWriter records = output.openRecords(setup);
      writers.add(records);
      int code = delivered(records, analyse(setup, sources, writers, registry));
      ran = true;
      return code;
    } catch (SourceException | ModelException | UserError e) {
      err.println("error: " + e.getMessage());
      return ExitCodes.BAD_INPUT;
    } catch (IOException e) {
      err.println("error: cannot write output: " + e.getMessage());
      return ExitCodes.BAD_INPUT;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCodes.FAILURE;
    } finally {
      sources.forEach(FrameSource::close);
      close(setup);
      if (dashboard != null) {
        serve.finish(dashboard, ran, err); // after the files are finished: lingering holds none
      }
    }
  }

  void validate() throws UserError {
    model.validate();
    detection.validate();
    metrics.validate();
  }

  /** Waits for Kafka to acknowledge every record; records it lost end the run with exit 3. */
  private int delivered(ResultWriter records, int code) {
    if (records instanceof KafkaResultWriter kafka) {
      try {
        kafka.awaitDelivery();
      } catch (UndeliveredRecordsException e) {
        err.println("error: " + e.getMessage());
        return code == ExitCodes.OK ? ExitCodes.RECORDS_UNDELIVERED : code;
      }
    }
    return code;
  }

  AnalyzerSetup openSetup() throws ModelException, UserError {
    Path file = model.modelFile(err);
    AnalyzerSetup setup;
    try {
      setup =
          AnalyzerSetup.open(
              new AnalyzerSetup.Settings(
                  file,
                  detection.detector,
                  detection.minScore,
                  model.ort(),
                  config(),
                  model.pinning()));
    } catch (IllegalArgumentException badDetector) {
      throw new UserError(badDetector.getMessage());
    }
    if (setup.model() != null) {
      err.println(ModelOptions.describe(file, setup.model(), setup.inferenceCore()));
    }
    return setup;
  }

  /** The pipeline's sizes and intervals; the setup adds the inference core it chooses. */
  private Pipeline.Config config() throws UserError {
    return new Pipeline.Config(
        model.ring,
        model.batch,
        model.batchDeadlineMs,
        detection.minFace,
        live.liveQueue,
        detection.detectEvery,
        detection.detectEveryMax(),
        detection.stillReuse,
        null,
        output.smoothing());
  }

  /** A worker's job: the run on a registry of its own. */
  int analyse(AnalyzerSetup setup, List<FrameSource> sources, List<ResultWriter> writers)
      throws InterruptedException, UserError {
    return analyse(setup, sources, writers, new MetricRegistry());
  }

  private int analyse(
      AnalyzerSetup setup,
      List<FrameSource> sources,
      List<ResultWriter> writers,
      MetricRegistry registry)
      throws InterruptedException, UserError {
    PipelineMetrics figures = new PipelineMetrics(registry);
    ScheduledReporter reporter = metrics.startReporter(registry, err);
    PrometheusEndpoint prometheus = metrics.startPrometheus(registry, err);
    ProgressBar bar = output.progressBar(sources);
    CountDownLatch done = new CountDownLatch(1);
    try (Pipeline pipeline =
        setup.pipeline(
            sources,
            writers,
            figures,
            frame -> {
              if (bar != null) {
                bar.step();
              }
            })) {
      List<Pipeline.StreamOutcome> outcomes;
      try (DrainOnExit hook = new DrainOnExit(pipeline, done)) {
        pipeline.start();
        outcomes = pipeline.await();
      } finally {
        if (bar != null) {
          bar.close();
        }
        if (reporter != null) {
          reporter.report();
          reporter.stop();
        }
      }
      err.println("analyzer: " + figures.summary());
      return RunOutcome.exitCode(pipeline, outcomes, err);
    } finally {
      done.countDown();
      if (prometheus != null) {
        prometheus.close();
      }
    }
  }

  void close(AnalyzerSetup setup) {
    if (setup == null) {
      return;
    }
    try {
      setup.close();
    } catch (IOException e) {
      err.println("error: closing output: " + e.getMessage());
    }
  }
}
