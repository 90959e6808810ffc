package io.affectanalyzer.runtime.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.affectanalyzer.runtime.testing.KraftBroker;
import io.affectanalyzer.runtime.testing.TinyModels;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** What the Kafka tests share: one real KRaft broker per test class, and a tiny affect model. */
abstract class KafkaRunTest {
  @TempDir static Path dir;
  static KraftBroker broker;
  static Path model;
  final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  static void startBroker() throws Exception {
    broker = KraftBroker.start(dir.resolve("kafka"));
    model = TinyModels.write(dir.resolve("tiny.onnx"), new TinyModels.Spec().size(32));
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }
}
