package io.affectanalyzer.train.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class EvalDataTest {
  @Test
  void shouldHoldOutTheSameCkPlusSubjectsAsEveryShippedConfig() throws Exception {
    List<Path> configs;
    try (Stream<Path> s = Files.list(Path.of("configs"))) {
      configs = s.filter(p -> p.toString().endsWith(".json")).toList();
    }
    int ckplusSources = 0;
    for (Path config : configs) {
      JsonNode root = new ObjectMapper().readTree(config.toFile());
      for (String part : List.of("train", "val")) {
        for (JsonNode source : root.path(part)) {
          if (source.path("format").asText().equals("ckplus")) {
            ckplusSources++;
            assertEquals(EvalData.CKPLUS_SEED, source.get("splitSeed").asLong(), config.toString());
            assertEquals(
                EvalData.CKPLUS_VAL_FRACTION,
                source.get("valFraction").asDouble(),
                config.toString());
          }
        }
      }
    }
    assertTrue(ckplusSources > 0, "no config reads CK+");
  }
}
