package io.affectanalyzer.runtime.kafka;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * This worker's share of a topic of jobs: the partitions the consumer group gives it, one job at a
 * time. It owns the consumer. A job's offset is committed only when {@link #commit} is called after
 * the job is done, so a worker that dies mid-job leaves the job to the group (at least once).
 */
public final class JobQueue implements AutoCloseable {
  private static final Duration REACH_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration POLL_SLICE = Duration.ofMillis(250);

  /** One job: its place in the topic and the input it names (a file path or a stream URL). */
  public record Job(String topic, int partition, long offset, String input) {
    /** {@code TOPIC-PARTITION@OFFSET}, the same for every attempt at the job. */
    public String id() {
      return topic + "-" + partition + "@" + offset;
    }
  }

  private final KafkaConsumer<String, String> consumer;

  private JobQueue(KafkaConsumer<String, String> consumer) {
    this.consumer = consumer;
  }

  /**
   * Joins {@code group} on {@code topic}, which must exist.
   *
   * @param jobTimeout the longest a job may take before the group hands it to another worker
   * @param settings consumer settings over the queue's own
   * @throws IOException with one line: no broker answers, no such topic, a bad setting
   */
  public static JobQueue open(
      Bootstrap bootstrap,
      String topic,
      String group,
      Duration jobTimeout,
      Map<String, String> settings)
      throws IOException {
    bootstrap.requireReachable(REACH_TIMEOUT);
    Map<String, Object> s = new HashMap<>();
    s.put("bootstrap.servers", bootstrap.servers());
    s.put("group.id", group);
    s.put("enable.auto.commit", "false");
    s.put("max.poll.records", "1");
    s.put("auto.offset.reset", "earliest");
    s.put("allow.auto.create.topics", "false");
    // The consumer leaves the group when it has not polled for this long: one job's time.
    s.put("max.poll.interval.ms", Long.toString(jobTimeout.toMillis()));
    // A worker that dies gives its jobs back after 10 s (Kafka's default: 45 s).
    s.put("session.timeout.ms", "10000");
    s.put("heartbeat.interval.ms", "3000");
    // Partitions that stay with a worker are not taken from it while the group rebalances.
    s.put(
        "partition.assignment.strategy",
        "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
    s.putAll(settings);
    KafkaConsumer<String, String> consumer;
    try {
      consumer = new KafkaConsumer<>(s, new StringDeserializer(), new StringDeserializer());
    } catch (KafkaException badSetting) {
      throw new IOException("jobs consumer: " + badSetting.getMessage(), badSetting);
    }
    try {
      if (consumer.partitionsFor(topic, CHECK_TIMEOUT).isEmpty()) {
        throw new IOException("no topic " + topic + " at " + bootstrap.servers());
      }
      consumer.subscribe(List.of(topic));
      return new JobQueue(consumer);
    } catch (KafkaException | IOException e) {
      consumer.close(Duration.ZERO);
      throw e instanceof IOException io
          ? io
          : new IOException(
              "no topic " + topic + " at " + bootstrap.servers() + ": " + e.getMessage(), e);
    }
  }

  /**
   * The next job, or null when none came within {@code idle} (null: wait on) or once {@code
   * stopping} says so.
   */
  public Job next(Duration idle, BooleanSupplier stopping) {
    long deadline = idle == null ? Long.MAX_VALUE : System.nanoTime() + idle.toNanos();
    while (!stopping.getAsBoolean() && System.nanoTime() < deadline) {
      long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      for (ConsumerRecord<String, String> r :
          consumer.poll(Duration.ofMillis(Math.min(POLL_SLICE.toMillis(), left)))) {
        String input = r.value() == null ? "" : r.value().strip();
        return new Job(r.topic(), r.partition(), r.offset(), input);
      }
    }
    return null;
  }

  /**
   * Commits {@code job} as done.
   *
   * @return false when the group took the job's partition first: another worker may run it again
   */
  public boolean commit(Job job) {
    try {
      consumer.commitSync(
          Map.of(
              new TopicPartition(job.topic(), job.partition()),
              new OffsetAndMetadata(job.offset() + 1)));
      return true;
    } catch (CommitFailedException | RebalanceInProgressException lost) {
      return false;
    }
  }

  /** This worker's id in the group (empty before it joined). */
  public String memberId() {
    return consumer.groupMetadata().memberId();
  }

  /** Leaves the group, so that its partitions go to the others at once. */
  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(10));
  }
}
