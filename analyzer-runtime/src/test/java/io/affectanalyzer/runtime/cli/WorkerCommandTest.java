package io.affectanalyzer.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affectanalyzer.runtime.testing.CliRun;
import io.affectanalyzer.runtime.testing.Ffprobe;
import io.affectanalyzer.runtime.testing.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * {@code analyzer worker} against a real KRaft broker on loopback: workers of one group share a
 * topic of six jobs (the three short videos, twice each under their own names), and a worker killed
 * mid-job leaves its job to another.
 */
class WorkerCommandTest extends KafkaRunTest {
  // A dead worker's jobs go to the others after this long without its heartbeats.
  private static final String[] FAST_SESSION = {
    "--consumer-config", "session.timeout.ms=4000", "--consumer-config", "heartbeat.interval.ms=500"
  };

  private static Map<String, Integer> frames;

  /** Six jobs, each a copy of a short video under its own name, with its frame count. */
  private static List<String> sixJobs() throws IOException, InterruptedException {
    frames = new HashMap<>();
    List<String> jobs = new ArrayList<>();
    for (int copy = 1; copy <= 2; copy++) {
      // The longest first: a worker killed at its first record is inside a job.
      for (String name : List.of("no_face.mp4", "single_face.mp4", "two_faces.mp4")) {
        Path job = dir.resolve(copy + "-" + name);
        if (!Files.exists(job)) {
          Files.copy(SharedData.require("videos/" + name), job);
        }
        jobs.add(job.toString());
        frames.put(job.toString(), (int) Ffprobe.countFrames(job));
      }
    }
    return jobs;
  }

  private static List<String> workerLine(
      String jobs, String group, String results, String... more) {
    List<String> line =
        new ArrayList<>(
            List.of(
                "worker",
                "--cpu",
                "--model",
                model.toString(),
                "--kafka",
                broker.bootstrap(),
                "--jobs",
                jobs,
                "--group",
                group,
                "--out",
                broker.url(results)));
    line.addAll(List.of(FAST_SESSION));
    line.addAll(List.of(more));
    return line;
  }

  @Test
  void shouldShareSixJobsBetweenTwoWorkersEachJobDoneOnceAndComplete() throws Exception {
    List<String> jobs = sixJobs();
    broker.createTopic("jobs-b", 2);
    broker.createTopic("results-b", 2);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      List<Future<Integer>> workers = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        String[] line =
            workerLine(
                    "jobs-b", "group-b", "results-b", "--max-jobs", "3", "--idle-exit-ms", "60000")
                .toArray(String[]::new);
        workers.add(threads.submit(() -> AnalyzerCli.execute(line)));
      }
      awaitPartitionEach("group-b", 2);
      // Three jobs a partition: Kafka's assignment gives each worker one.
      broker.publish("jobs-b", 0, jobs.subList(0, 3));
      broker.publish("jobs-b", 1, jobs.subList(3, 6));

      for (Future<Integer> w : workers) {
        assertEquals(0, w.get(120, TimeUnit.SECONDS));
      }
    } finally {
      threads.shutdownNow();
    }
    Map<String, Map<String, List<Integer>>> attempts = attempts("results-b");
    assertEquals(6, attempts.size(), attempts.keySet().toString());
    Set<String> workers = new HashSet<>();
    for (Map<String, List<Integer>> byWorker : attempts.values()) {
      assertEquals(1, byWorker.size(), "each job by one worker: " + byWorker.keySet());
      workers.addAll(byWorker.keySet());
    }
    assertEquals(2, workers.size(), "both workers had jobs");
    assertComplete(attempts);
  }

  @Test
  void shouldLeaveTheJobOfAWorkerKilledMidJobToAnother() throws Exception {
    List<String> jobs = sixJobs();
    broker.createTopic("jobs-c", 2);
    broker.createTopic("results-c", 2);
    broker.publish("jobs-c", 0, jobs.subList(0, 3));
    broker.publish("jobs-c", 1, jobs.subList(3, 6));
    Path log = dir.resolve("killed-worker.log");
    Process killed = startWorkerProcess(workerLine("jobs-c", "group-c", "results-c"), log);
    try {
      // Its first record says it is inside a job of at least 72 frames.
      assertTrue(
          broker.awaitAny("results-c", Duration.ofSeconds(60)),
          () -> "the worker published nothing: " + read(log));
    } finally {
      killed.destroyForcibly(); // SIGKILL: no commit, no leaving the group
      killed.waitFor(10, TimeUnit.SECONDS);
    }
    int committed = committedJobs("group-c", "jobs-c");
    assertTrue(committed < 6, "killed before its last job");

    int code =
        AnalyzerCli.execute(
            workerLine(
                    "jobs-c",
                    "group-c",
                    "results-c",
                    "--max-jobs",
                    Integer.toString(6 - committed),
                    "--idle-exit-ms",
                    "60000")
                .toArray(String[]::new));

    assertEquals(0, code);
    assertEquals(6, committedJobs("group-c", "jobs-c"));
    Map<String, Map<String, List<Integer>>> attempts = attempts("results-c");
    assertEquals(6, attempts.size(), attempts.keySet().toString());
    // The killed worker's job: its partial attempt, and the other worker's complete one.
    assertTrue(
        attempts.values().stream().anyMatch(byWorker -> byWorker.size() == 2), attempts.toString());
    assertComplete(attempts);
  }

  @Test
  void shouldRefuseAFileOutAndAnUnreachableBrokerInOneLine() {
    CliRun file = refused(broker.bootstrap(), "records.jsonl");
    assertEquals(ExitCodes.BAD_INPUT, file.code(), file.stderr());
    assertEquals(1, file.errorLines().size(), file.stderr());
    assertTrue(file.errorLines().get(0).contains("kafka://HOST:PORT/TOPIC"), file.stderr());

    CliRun absent = refused("127.0.0.1:1", broker.url("results"));
    assertEquals(ExitCodes.BAD_INPUT, absent.code(), absent.stderr());
    assertEquals(1, absent.errorLines().size(), absent.stderr());
    assertTrue(absent.errorLines().get(0).contains("cannot reach Kafka"), absent.stderr());
    assertFalse(absent.showsAStackTrace(), absent.stderr());
  }

  @Test
  void shouldReportAJobThatCannotBeReadAndNotRunItAgain() throws Exception {
    broker.createTopic("jobs-d", 1);
    broker.createTopic("results-d", 1);
    broker.publish("jobs-d", 0, List.of(dir.resolve("absent.mp4").toString()));
    CliRun run =
        said(
            workerLine(
                    "jobs-d", "group-d", "results-d", "--max-jobs", "1", "--idle-exit-ms", "30000")
                .toArray(String[]::new));

    assertEquals(0, run.code(), run.stderr());
    assertEquals(1, run.errorLines().size(), run.stderr());
    assertTrue(run.errorLines().get(0).startsWith("error: job jobs-d-0@0: "), run.stderr());
    assertEquals(1, committedJobs("group-d", "jobs-d"));
  }

  /** {@code worker --model none --jobs jobs --kafka KAFKA --out OUT}, expected to be refused. */
  private static CliRun refused(String kafka, String out) {
    return said("worker", "--model", "none", "--jobs", "jobs", "--kafka", kafka, "--out", out);
  }

  /** {@code analyzer LINE} in this JVM, with what it said on stderr. */
  private static CliRun said(String... line) {
    ByteArrayOutputStream said = new ByteArrayOutputStream();
    PrintStream before = System.err;
    System.setErr(new PrintStream(said, true, StandardCharsets.UTF_8));
    try {
      return new CliRun(AnalyzerCli.execute(line), said.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(before);
    }
  }

  /** Job id, then worker, then the frame numbers it published for the job, as they came. */
  private Map<String, Map<String, List<Integer>>> attempts(String topic) throws Exception {
    int expected = frames.values().stream().mapToInt(Integer::intValue).sum();
    Map<String, Map<String, List<Integer>>> attempts = new HashMap<>();
    Map<String, String> inputOfJob = new HashMap<>();
    for (ConsumerRecord<String, String> r : broker.read(topic, expected, Duration.ofSeconds(30))) {
      String job = header(r, "job");
      inputOfJob.put(job, r.key());
      assertEquals(r.key(), json.readTree(r.value()).get("stream").asText());
      attempts
          .computeIfAbsent(job, j -> new HashMap<>())
          .computeIfAbsent(header(r, "worker"), w -> new ArrayList<>())
          .add(json.readTree(r.value()).get("frame").asInt());
    }
    // Keyed by input for assertComplete.
    Map<String, Map<String, List<Integer>>> byInput = new HashMap<>();
    attempts.forEach((job, byWorker) -> byInput.put(inputOfJob.get(job), byWorker));
    return byInput;
  }

  /** Every job has one attempt with each of its frames once, in order. */
  private static void assertComplete(Map<String, Map<String, List<Integer>>> attempts) {
    assertEquals(frames.keySet(), attempts.keySet());
    attempts.forEach(
        (input, byWorker) -> {
          List<Integer> all = Stream.iterate(0, i -> i + 1).limit(frames.get(input)).toList();
          assertTrue(byWorker.containsValue(all), input + ": " + byWorker);
        });
  }

  private static String header(ConsumerRecord<String, String> r, String name) {
    Header h = r.headers().lastHeader(name);
    assertTrue(h != null, "no " + name + " header");
    return new String(h.value(), StandardCharsets.UTF_8);
  }

  /** Waits until {@code members} workers are in the group, each with one partition. */
  private static void awaitPartitionEach(String group, int members) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    try (Admin admin = broker.admin()) {
      while (System.nanoTime() < deadline) {
        ConsumerGroupDescription g;
        try {
          g = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
        } catch (ExecutionException notYet) {
          // GroupIdNotFoundException until the first worker joined
          Thread.sleep(200);
          continue;
        }
        if (g.groupState() == GroupState.STABLE
            && g.members().size() == members
            && g.members().stream()
                .map(MemberDescription::assignment)
                .allMatch(a -> a.topicPartitions().size() == 1)) {
          return;
        }
        Thread.sleep(200);
      }
    }
    throw new AssertionError("the group never gave each of " + members + " workers a partition");
  }

  private static int committedJobs(String group, String topic) throws Exception {
    try (Admin admin = broker.admin()) {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      return (int)
          offsets.entrySet().stream()
              .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
              .mapToLong(e -> e.getValue().offset())
              .sum();
    }
  }

  /** {@code analyzer ARGS} in a JVM of its own, so that it can be killed. */
  private static Process startWorkerProcess(List<String> args, Path log) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                AnalyzerCli.class.getName()));
    command.addAll(args);
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .start();
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return e.toString();
    }
  }
}
