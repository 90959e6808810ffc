package io.affectanalyzer.runtime.cli;

import io.affectanalyzer.runtime.kafka.Bootstrap;
import io.affectanalyzer.runtime.kafka.JobQueue;
import io.affectanalyzer.runtime.kafka.JobQueue.Job;
import io.affectanalyzer.runtime.kafka.KafkaResultWriter;
import io.affectanalyzer.runtime.kafka.KafkaTarget;
import io.affectanalyzer.runtime.kafka.UndeliveredRecordsException;
import io.affectanalyzer.runtime.model.ModelException;
import io.affectanalyzer.runtime.pipeline.AnalyzerSetup;
import io.affectanalyzer.runtime.source.FrameSource;
import io.affectanalyzer.runtime.source.SourceException;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code analyzer worker}: takes jobs (inputs) from a Kafka topic shared by a consumer group and
 * analyses each as {@code analyzer run --input JOB} would, publishing its records to a results
 * topic. A job's offset is committed once its records are acknowledged, so a worker that dies
 * mid-job leaves the job to the group: every job is done at least once.
 */
@Command(
    name = "worker",
    sortOptions = false,
    optionListHeading = "Jobs and results:%n",
    description = {
      "Analyses jobs from a Kafka topic, one at a time: each record's value is an input (a file"
          + " path or a stream URL, as for run --input) and its frames' records go to the"
          + " --out topic, keyed by that input, with the headers job (TOPIC-PARTITION@OFFSET)"
          + " and worker (the group member). Workers in one --group share the jobs' partitions;"
          + " a job is committed only after Kafka acknowledged its records, so one that a dying"
          + " worker left is done again by another (at least once: a consumer that must not"
          + " count a frame twice keeps the last of each key and frame). A job whose input"
          + " cannot be read is reported in an error: line and not retried.",
      "",
      "Exit codes: 0 once --max-jobs or --idle-exit-ms stopped it (or SIGTERM, leaving the job in"
          + " hand to the group); 2 for a bad option, an unreachable broker or a missing topic; 3"
          + " when Kafka lost records of a job, which stays uncommitted.",
      "",
      "Example:",
      "  analyzer worker --kafka broker:9092 --jobs affect-jobs \\",
      "      --out kafka://broker:9092/affect-records",
      ""
    })
public final class WorkerCommand implements Callable<Integer> {
  @Option(
      names = "--kafka",
      required = true,
      paramLabel = "HOST:PORT[,HOST:PORT]",
      description = "The brokers to take jobs from.")
  String kafka;

  @Option(
      names = "--jobs",
      required = true,
      paramLabel = "TOPIC",
      description =
          "The topic of jobs; it must exist, with at least as many partitions as workers.")
  String jobs;

  @Option(
      names = "--group",
      defaultValue = "affect-analyzer",
      description = "The consumer group the workers share (default: ${DEFAULT-VALUE}).")
  String group;

  @Option(
      names = {"-o", "--out"},
      required = true,
      paramLabel = "kafka://HOST:PORT/TOPIC",
      description =
          "Where the records go, as for run --out; ?KEY=VALUE&... sets producer settings.")
  String out;

  @Option(
      names = "--max-jobs",
      paramLabel = "N",
      description = "Stop after N jobs (default: no limit).")
  Integer maxJobs;

  @Option(
      names = "--idle-exit-ms",
      paramLabel = "MS",
      description =
          "Stop when no job came for this long, counted from the start and from each job's end"
              + " (default: wait on).")
  Long idleExitMs;

  @Option(
      names = "--job-timeout-ms",
      defaultValue = "3600000",
      paramLabel = "MS",
      description =
          "The longest a job may take before the group gives it to another worker, Kafka's"
              + " max.poll.interval.ms (default: ${DEFAULT-VALUE}, an hour).")
  long jobTimeoutMs;

  @Option(
      names = "--consumer-config",
      paramLabel = "KEY=VALUE",
      description =
          "A setting of the jobs' consumer, over the worker's own (session.timeout.ms=10000,"
              + " max.poll.records=1, enable.auto.commit=false, ...). Repeat for more.")
  Map<String, String> consumerConfig = new LinkedHashMap<>();

  @ArgGroup(exclusive = false, heading = "%nModel, batches and threads:%n")
  ModelOptions model = new ModelOptions();

  @ArgGroup(exclusive = false, heading = "%nDetection:%n")
  DetectionOptions detection = new DetectionOptions();

  @ArgGroup(exclusive = false, heading = "%nLive inputs:%n")
  LiveOptions live = new LiveOptions();

  @ArgGroup(exclusive = false, heading = "%nMetrics:%n")
  MetricsOptions metrics = new MetricsOptions();

  @ArgGroup(exclusive = false, heading = "%nHelp:%n")
  HelpOptions help = new HelpOptions();

  private final PrintStream err = System.err;
  private volatile boolean stopping;

  @Override
  public Integer call() {
    RunCommand run = new RunCommand(model, detection, live, metrics);
    AnalyzerSetup setup = null;
    try {
      run.validate();
      KafkaTarget results = parse();
      UserError.require(maxJobs == null || maxJobs >= 1, "--max-jobs must be at least 1");
      UserError.require(idleExitMs == null || idleExitMs >= 1, "--idle-exit-ms must be positive");
      UserError.require(jobTimeoutMs >= 1000, "--job-timeout-ms must be at least 1000");
      try (JobQueue queue =
          JobQueue.open(
              Bootstrap.parse(kafka),
              jobs,
              group,
              Duration.ofMillis(jobTimeoutMs),
              consumerConfig)) {
        setup = run.openSetup();
        return work(run, setup, setup.openOutput(results), queue);
      }
    } catch (ModelException | UserError | IOException e) {
      err.println("error: " + e.getMessage());
      return ExitCodes.BAD_INPUT;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCodes.FAILURE;
    } finally {
      run.close(setup);
    }
  }

  /** Checks --kafka's form, and returns --out's topic. */
  private KafkaTarget parse() throws UserError {
    try {
      Bootstrap.parse(kafka);
    } catch (IllegalArgumentException e) {
      throw new UserError("--kafka: " + e.getMessage());
    }
    try {
      return KafkaTarget.parse(out);
    } catch (IllegalArgumentException e) {
      throw new UserError("--out: " + e.getMessage());
    }
  }

  private int work(RunCommand run, AnalyzerSetup setup, KafkaResultWriter results, JobQueue queue)
      throws InterruptedException {
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook = stopOnExit(finished);
    int done = 0;
    try {
      Duration idle = idleExitMs != null ? Duration.ofMillis(idleExitMs) : null;
      while (maxJobs == null || done < maxJobs) {
        Job job = queue.next(idle, () -> stopping);
        if (job == null) {
          break;
        }
        err.println("analyzer: job " + job.id() + ": " + job.input());
        int code = analyse(run, setup, results, job, queue.memberId());
        try {
          results.awaitDelivery();
        } catch (UndeliveredRecordsException e) {
          err.println("error: job " + job.id() + ": " + e.getMessage() + "; left to the group");
          return ExitCodes.RECORDS_UNDELIVERED;
        }
        if (code == ExitCodes.FAILURE || stopping) {
          // Its records are incomplete: another worker does it again.
          err.println("analyzer: job " + job.id() + " not finished: left to the group");
          return stopping ? ExitCodes.OK : code;
        }
        if (!queue.commit(job)) {
          err.println(
              "analyzer: job "
                  + job.id()
                  + " done, but the group moved its partition first: it may run again");
        }
        done++;
      }
      err.println("analyzer: worker stops after " + done + " job(s)");
      return ExitCodes.OK;
    } finally {
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it waits for this loop to end
      }
    }
  }

  /** One job, as {@code run --input JOB}; an input that cannot be opened is its error. */
  private int analyse(
      RunCommand run, AnalyzerSetup setup, KafkaResultWriter results, Job job, String worker)
      throws InterruptedException {
    List<FrameSource> sources = new ArrayList<>();
    try {
      InputOptions.of(job.input()).openAll(live.sourceOptions(), sources);
      return run.analyse(
          setup, sources, List.of(results.withHeaders(Map.of("job", job.id(), "worker", worker))));
    } catch (SourceException | IllegalArgumentException e) {
      err.println("error: job " + job.id() + ": " + e.getMessage());
      return ExitCodes.BAD_INPUT;
    } catch (UserError e) {
      err.println("error: " + e.getMessage());
      return ExitCodes.BAD_INPUT;
    } finally {
      sources.forEach(FrameSource::close);
    }
  }

  /** SIGTERM or Ctrl-C: the job in hand is not committed, the worker leaves its group. */
  private Thread stopOnExit(CountDownLatch finished) {
    Thread hook =
        new Thread(
            () -> {
              stopping = true;
              try {
                finished.await(20, TimeUnit.SECONDS);
              } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
              }
            },
            "worker-stop-on-exit");
    Runtime.getRuntime().addShutdownHook(hook);
    return hook;
  }
}
