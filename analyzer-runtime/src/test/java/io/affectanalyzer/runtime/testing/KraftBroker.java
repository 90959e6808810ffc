package io.affectanalyzer.runtime.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Time;

/**
 * One real Kafka node in KRaft mode (broker and controller in one) in this JVM, on 127.0.0.1 with
 * free ports and its log in a folder of the test's, with what tests do to it: create topics,
 * publish jobs, read a topic back, and go away mid-run.
 */
public final class KraftBroker implements AutoCloseable {
  static {
    // Kafka's INFO and WARN lines (hundreds at start, and a broker's leaving is all warnings)
    // would bury the tests' own output.
    for (String logger : List.of("kafka", "org.apache.kafka", "state.change.logger")) {
      System.setProperty("org.slf4j.simpleLogger.log." + logger, "error");
    }
  }

  private final KafkaRaftServer server;
  private final String bootstrap;
  private boolean stopped;

  private KraftBroker(KafkaRaftServer server, String bootstrap) {
    this.server = server;
    this.bootstrap = bootstrap;
  }

  /** Formats {@code dir} as the node's log and starts the node; returns once it takes requests. */
  public static KraftBroker start(Path dir) throws Exception {
    int port = LoopbackRtspServer.freePort();
    int controllerPort = LoopbackRtspServer.freePort();
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.put(
        "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", dir.toString());
    p.put("auto.create.topics.enable", "false");
    // One node: internal topics of one replica, and few partitions and threads, for 2 cores.
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("group.min.session.timeout.ms", "1000");
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "2");
    p.put("background.threads", "2");
    Path config = dir.resolve("server.properties");
    Files.createDirectories(dir);
    try (var out = Files.newOutputStream(config)) {
      p.store(out, null);
    }
    ByteArrayOutputStream said = new ByteArrayOutputStream();
    int rc =
        StorageTool.execute(
            new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()},
            new PrintStream(said, true, StandardCharsets.UTF_8));
    if (rc != 0) {
      throw new IllegalStateException("kafka-storage format failed: " + said);
    }
    KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(p), Time.SYSTEM);
    server.startup();
    KraftBroker broker = new KraftBroker(server, "127.0.0.1:" + port);
    broker.awaitReady();
    return broker;
  }

  /** {@code 127.0.0.1:PORT}, for {@code bootstrap.servers}. */
  public String bootstrap() {
    return bootstrap;
  }

  /** {@code kafka://127.0.0.1:PORT/topic}. */
  public String url(String topic) {
    return "kafka://" + bootstrap + "/" + topic;
  }

  public void createTopic(String name, int partitions) throws Exception {
    try (Admin admin = admin()) {
      admin
          .createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
  }

  public Admin admin() {
    return Admin.create(Map.of("bootstrap.servers", bootstrap));
  }

  /** Publishes {@code values} to {@code partition} of {@code topic}, in order. */
  public void publish(String topic, int partition, Collection<String> values) throws Exception {
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", bootstrap),
            new StringSerializer(),
            new StringSerializer())) {
      for (String v : values) {
        producer.send(new ProducerRecord<>(topic, partition, null, v)).get(30, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * Every record of {@code topic} from the start: at least {@code expected} (waiting up to {@code
   * timeout} for them), then whatever else arrives until half a second passes without one.
   */
  public List<ConsumerRecord<String, String>> read(String topic, int expected, Duration timeout) {
    return poll(topic, expected, timeout, Duration.ofMillis(500));
  }

  /** Whether {@code topic} has a record, or gets one within {@code timeout}. */
  public boolean awaitAny(String topic, Duration timeout) {
    return !poll(topic, 1, timeout, Duration.ZERO).isEmpty();
  }

  private List<ConsumerRecord<String, String>> poll(
      String topic, int expected, Duration timeout, Duration quiet) {
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of("bootstrap.servers", bootstrap, "auto.offset.reset", "earliest"),
            new StringDeserializer(),
            new StringDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(i -> new TopicPartition(topic, i.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + timeout.toNanos();
      long lastNew = System.nanoTime();
      while (System.nanoTime() < deadline) {
        int before = records.size();
        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
        if (records.size() > before) {
          lastNew = System.nanoTime();
        }
        if (records.size() >= expected && System.nanoTime() - lastNew >= quiet.toNanos()) {
          break;
        }
      }
    }
    return records;
  }

  /** Shuts the node down, as a broker that goes away would; {@link #close} is then a no-op. */
  public void stop() {
    if (!stopped) {
      stopped = true;
      server.shutdown();
      server.awaitShutdown();
    }
  }

  @Override
  public void close() {
    stop();
  }

  private void awaitReady() throws Exception {
    try (Admin admin = admin()) {
      admin.describeCluster().nodes().get(60, TimeUnit.SECONDS);
    }
  }
}
