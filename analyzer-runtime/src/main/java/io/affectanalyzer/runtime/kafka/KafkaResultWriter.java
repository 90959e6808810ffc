package io.affectanalyzer.runtime.kafka;

import io.affectanalyzer.runtime.model.ModelSpec;
import io.affectanalyzer.runtime.output.FaceResult;
import io.affectanalyzer.runtime.output.FrameResult;
import io.affectanalyzer.runtime.output.JsonlResultWriter;
import io.affectanalyzer.runtime.output.ResultWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes one Kafka record per frame to a topic: its value the JSON object {@link
 * JsonlResultWriter} writes as a line, its key the stream's name ({@link #key}); or, with {@code
 * records=face} ({@link KafkaTarget#perFace}), one per face keyed {@code STREAM#TRACK}. It owns its
 * producer, which is idempotent and waits for all in-sync replicas, so a retry neither doubles nor
 * reorders a stream's records. {@link #awaitDelivery} waits for the acknowledgements and counts
 * what was lost.
 */
public final class KafkaResultWriter implements ResultWriter {
  private static final Duration REACH_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private final KafkaTarget target;
  private final Producer<String, byte[]> producer;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(2048);
  private final JsonlResultWriter json;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
  private long sentBefore;
  private long failedBefore;
  private boolean closed;

  private KafkaResultWriter(KafkaTarget target, Producer<String, byte[]> producer, ModelSpec spec)
      throws IOException {
    this.target = target;
    this.producer = producer;
    this.json = new JsonlResultWriter(line, spec);
  }

  /**
   * Connects and checks that the topic exists before any frame is analysed.
   *
   * @throws IOException with one line: no broker answers, no such topic, a bad setting
   */
  public static KafkaResultWriter open(KafkaTarget target, ModelSpec spec) throws IOException {
    target.bootstrap().requireReachable(REACH_TIMEOUT);
    Producer<String, byte[]> producer;
    try {
      producer =
          new KafkaProducer<>(settings(target), new StringSerializer(), new ByteArraySerializer());
    } catch (KafkaException badSetting) {
      throw new IOException(target.url() + ": " + rootMessage(badSetting), badSetting);
    }
    try {
      // Blocks up to max.block.ms: a topic that is absent (and not auto-created) times out.
      producer.partitionsFor(target.topic());
      return new KafkaResultWriter(target, producer, spec);
    } catch (KafkaException | IOException e) {
      producer.close(Duration.ZERO);
      throw new IOException(
          "no topic "
              + target.topic()
              + " at "
              + target.bootstrap().servers()
              + ": "
              + rootMessage(e),
          e);
    }
  }

  /** The producer's settings: ours, then the URL's over them. */
  static Map<String, Object> settings(KafkaTarget target) {
    Map<String, Object> s = new HashMap<>();
    s.put("bootstrap.servers", target.bootstrap().servers());
    s.put("enable.idempotence", "true");
    s.put("acks", "all");
    s.put("client.id", "affect-analyzer");
    // Bounds the start's topic check, and a send while the producer's buffer is full.
    s.put("max.block.ms", "10000");
    // A broker that goes away fails the run's last records after 30 s, not Kafka's 2 minutes.
    s.put("request.timeout.ms", "10000");
    s.put("delivery.timeout.ms", "30000");
    s.putAll(target.settings());
    s.remove(KafkaTarget.RECORDS);
    return s;
  }

  /** A record's key: the stream's name, so one stream's records keep their order in a partition. */
  public static String key(FrameResult frame) {
    return frame.stream();
  }

  @Override
  public void write(FrameResult frame) throws IOException {
    send(frame, List.of());
  }

  /**
   * A writer through this one that adds {@code headers} to every record (a worker's job); closing
   * it closes nothing.
   */
  public ResultWriter withHeaders(Map<String, String> headers) {
    List<Header> list = new ArrayList<>();
    headers.forEach((k, v) -> list.add(new RecordHeader(k, v.getBytes(StandardCharsets.UTF_8))));
    return new ResultWriter() {
      @Override
      public void write(FrameResult frame) throws IOException {
        send(frame, list);
      }

      @Override
      public void close() {}
    };
  }

  private void send(FrameResult frame, List<Header> headers) throws IOException {
    if (!target.perFace() || frame.faces().isEmpty()) {
      send(frame, key(frame), headers);
      return;
    }
    // One record per face, the frame's fields around it: a consumer reads each person's own
    // stream of records, in order, from its key's partition.
    for (FaceResult face : frame.faces()) {
      send(
          new FrameResult(
              frame.stream(),
              frame.frame(),
              frame.ptsMillis(),
              frame.label(),
              frame.dropped(),
              List.of(face)),
          frame.stream() + "#" + face.trackId(),
          headers);
    }
  }

  private void send(FrameResult frame, String key, List<Header> headers) throws IOException {
    json.write(frame);
    byte[] value = line.toByteArray();
    line.reset();
    // The JSON Lines writer ends each object with a newline; a record needs none.
    byte[] object = Arrays.copyOf(value, value.length - 1);
    try {
      producer.send(new ProducerRecord<>(target.topic(), null, key, object, headers), this::acked);
    } catch (KafkaException e) {
      throw new IOException(target.url() + ": " + rootMessage(e), e);
    }
    sent.incrementAndGet();
  }

  private void acked(RecordMetadata metadata, Exception failure) {
    if (failure != null) {
      failed.incrementAndGet();
      firstFailure.compareAndSet(null, failure);
    }
  }

  /**
   * Waits until Kafka acknowledged or gave up on every record sent since the last call (at most
   * {@code delivery.timeout.ms}).
   *
   * @throws UndeliveredRecordsException with the count of those it gave up on
   */
  public void awaitDelivery() throws UndeliveredRecordsException {
    producer.flush();
    long sentNow = sent.get();
    long failedNow = failed.get();
    long lost = failedNow - failedBefore;
    long of = sentNow - sentBefore;
    sentBefore = sentNow;
    failedBefore = failedNow;
    if (lost > 0) {
      throw new UndeliveredRecordsException(lost, of, target.url(), firstFailure.get());
    }
  }

  /** Waits for what is still in flight (bounded), then closes the producer. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      awaitDelivery();
    } finally {
      producer.close(CLOSE_TIMEOUT);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
  }
}
