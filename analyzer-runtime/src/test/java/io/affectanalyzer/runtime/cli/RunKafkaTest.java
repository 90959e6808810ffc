package io.affectanalyzer.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affectanalyzer.runtime.testing.CliRun;
import io.affectanalyzer.runtime.testing.KraftBroker;
import io.affectanalyzer.runtime.testing.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** {@code analyzer run --out kafka://...} against a real KRaft broker on loopback. */
class RunKafkaTest extends KafkaRunTest {

  @Test
  void shouldPublishTheJsonlRecordOfEveryFrameInOrderUnderTheStreamsKey() throws Exception {
    Path video = SharedData.require("videos/single_face.mp4");
    broker.createTopic("records", 3);
    Path jsonl = dir.resolve("single_face.jsonl");

    CliRun toKafka = CliRun.run("--input", video, "--model", model, "--out", broker.url("records"));
    CliRun toFile = CliRun.run("--input", video, "--model", model, "--out", jsonl);

    assertEquals(0, toKafka.code(), toKafka.stderr());
    assertEquals(0, toFile.code(), toFile.stderr());
    List<String> lines = Files.readAllLines(jsonl);
    assertEquals(72, lines.size());
    List<ConsumerRecord<String, String>> records =
        broker.read("records", lines.size(), Duration.ofSeconds(30));
    assertEquals(lines.size(), records.size());
    for (ConsumerRecord<String, String> r : records) {
      assertEquals(video.toString(), r.key());
    }
    // One key, so one partition, in the order the frames were decoded: the file's own lines.
    assertEquals(1, records.stream().map(ConsumerRecord::partition).distinct().count());
    for (int i = 0; i < lines.size(); i++) {
      assertEquals(json.readTree(lines.get(i)), json.readTree(records.get(i).value()));
      assertEquals(i, json.readTree(records.get(i).value()).get("frame").asInt());
    }
  }

  @Test
  void shouldPublishOneRecordPerFaceKeyedByStreamAndTrackWhenAsked() throws Exception {
    Path video = SharedData.require("videos/two_faces.mp4");
    Path jsonl = dir.resolve("two-faces.jsonl");
    broker.createTopic("faces", 3);
    CliRun toKafka =
        CliRun.run(
            "--input", video, "--model", model, "--out", broker.url("faces") + "?records=face");
    CliRun toFile = CliRun.run("--input", video, "--model", model, "--out", jsonl);
    assertEquals(0, toKafka.code(), toKafka.stderr());
    assertEquals(0, toFile.code(), toFile.stderr());
    // What the file says, as (key, frame) pairs: a face's key is STREAM#TRACK, a faceless frame's
    // the stream alone.
    List<String> expected = new ArrayList<>();
    for (String line : Files.readAllLines(jsonl)) {
      var frame = json.readTree(line);
      if (frame.get("faces").isEmpty()) {
        expected.add(video + " " + frame.get("frame").asInt());
      }
      for (var face : frame.get("faces")) {
        expected.add(video + "#" + face.get("track").asInt() + " " + frame.get("frame").asInt());
      }
    }
    assertTrue(expected.size() > 72, "two faces in most of the 72 frames: " + expected.size());
    List<ConsumerRecord<String, String>> records =
        broker.read("faces", expected.size(), Duration.ofSeconds(30));
    List<String> got = new ArrayList<>();
    Map<String, Integer> lastFrame = new HashMap<>();
    for (ConsumerRecord<String, String> r : records) {
      var value = json.readTree(r.value());
      int frame = value.get("frame").asInt();
      assertTrue(value.get("faces").size() <= 1, r.value());
      got.add(r.key() + " " + frame);
      // In order per key: each key's frames come in decode order.
      Integer before = lastFrame.put(r.key(), frame);
      assertTrue(
          before == null || before < frame, r.key() + ": frame " + frame + " after " + before);
    }
    Collections.sort(expected);
    Collections.sort(got);
    assertEquals(expected, got);

    CliRun bad =
        CliRun.run(
            "--input", video, "--model", "none", "--out", broker.url("faces") + "?records=row");
    bad.assertRefused("records");
  }

  @Test
  void shouldRefuseAKafkaUrlWithoutPortOrTopicInOneLine() throws Exception {
    Path video = SharedData.require("videos/single_face.mp4");
    for (String url :
        List.of("kafka://127.0.0.1/records", "kafka://127.0.0.1:9092", "kafka://:9092/t")) {
      CliRun run = CliRun.run("--input", video, "--model", "none", "--out", url);

      run.assertRefused("kafka://HOST:PORT/TOPIC");
    }
  }

  @Test
  void shouldSayAtOnceThatNoBrokerListensAtTheStart() throws Exception {
    Path video = SharedData.require("videos/single_face.mp4");
    int nobody;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      nobody = s.getLocalPort();
    }
    long start = System.nanoTime();

    CliRun run =
        CliRun.run(
            "--input", video, "--model", "none", "--out", "kafka://127.0.0.1:" + nobody + "/r");

    run.assertRefused("cannot reach Kafka");
    assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos());
  }

  @Test
  void shouldRefuseATopicThatDoesNotExist() throws Exception {
    Path video = SharedData.require("videos/single_face.mp4");

    CliRun run =
        CliRun.run(
            "--input",
            video,
            "--model",
            "none",
            "--out",
            broker.url("absent") + "?max.block.ms=1500");

    assertEquals(ExitCodes.BAD_INPUT, run.code(), run.stderr());
    assertEquals(1, run.errorLines().size(), run.stderr());
    assertTrue(run.errorLines().get(0).contains("no topic absent"), run.stderr());
  }

  /**
   * The broker goes away after every frame was handed to the producer and before any was sent:
   * records linger in the producer until the run's end flushes them, and the run's summary line,
   * written just before that flush, stops the broker.
   */
  @Test
  void shouldCountTheRecordsLostWhenTheBrokerGoesAwayMidRun() throws Exception {
    Path video = SharedData.require("videos/single_face.mp4");
    KraftBroker leaving = KraftBroker.start(dir.resolve("kafka-leaving"));
    try {
      leaving.createTopic("records", 1);
      String url =
          leaving.url("records")
              + "?linger.ms=4000&batch.size=1000000&request.timeout.ms=1000"
              + "&delivery.timeout.ms=5000";
      ByteArrayOutputStream said = new ByteArrayOutputStream();
      PrintStream before = System.err;
      System.setErr(
          new PrintStream(new StopAtSummary(said, leaving::stop), true, StandardCharsets.UTF_8));
      int code;
      try {
        code =
            AnalyzerCli.execute(
                CliRun.commandLine("--input", video, "--model", model, "--out", url)
                    .toArray(String[]::new));
      } finally {
        System.setErr(before);
      }
      CliRun run = new CliRun(code, said.toString(StandardCharsets.UTF_8));

      assertEquals(ExitCodes.RECORDS_UNDELIVERED, run.code(), run.stderr());
      assertEquals(1, run.errorLines().size(), run.stderr());
      Matcher m =
          Pattern.compile("error: (\\d+) of (\\d+) records not delivered to kafka://")
              .matcher(run.errorLines().get(0));
      assertTrue(m.find(), run.stderr());
      assertEquals(72, Integer.parseInt(m.group(2)), run.stderr());
      assertTrue(Integer.parseInt(m.group(1)) >= 1, run.stderr());
      assertFalse(run.showsAStackTrace(), run.stderr());
    } finally {
      leaving.close();
    }
  }

  /** Passes what is written on, and runs {@code action} once the run's summary line shows up. */
  private static final class StopAtSummary extends OutputStream {
    private final ByteArrayOutputStream sink;
    private final Runnable action;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private boolean fired;

    StopAtSummary(ByteArrayOutputStream sink, Runnable action) {
      this.sink = sink;
      this.action = action;
    }

    @Override
    public synchronized void write(int b) {
      sink.write(b);
      line.write(b);
      if (b == '\n') {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (!fired && text.startsWith("analyzer: ") && text.contains(" frames, ")) {
          fired = true;
          action.run();
        }
      }
    }
  }
}
