package io.affectanalyzer.train.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affectanalyzer.train.data.DataFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrainConfigTest {
  private static final Path CONFIGS = Path.of("configs");

  @Test
  void everyCommittedConfigReadsAndNamesAKindAndPresetThisBuildKnows() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(CONFIGS)) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertFalse(files.isEmpty());
    for (Path f : files) {
      TrainConfig c = TrainConfig.read(f);
      assertTrue(Tasks.KINDS.contains(c.kind()), f + ": kind " + c.kind());
      if (!c.kind().equals("dan")) {
        try {
          Tasks.vit(c);
        } catch (DataFormatException e) {
          throw new AssertionError(f + ": " + e.getMessage(), e);
        }
      }
    }
  }

  /**
   * A continued run resumes its start's checkpoint (model and optimizer state), so it must build
   * the same model: only the schedule's length and the training data may differ.
   */
  @ParameterizedTest
  @CsvSource({
    "vith-emma-distill, vith-emma-mixed",
    "vith-cotex-distill, vith-cotex-mixed",
    "p6-dan-long, p6-dan-mixed",
    "p6-dan-mixed, p6-dan-mixed-long"
  })
  void aContinuedRunBuildsTheModelOfTheRunItStartsFrom(String from, String to) {
    TrainConfig a = TrainConfig.read(CONFIGS.resolve(from + ".json"));
    TrainConfig b = TrainConfig.read(CONFIGS.resolve(to + ".json"));
    assertEquals(a.kind(), b.kind());
    assertEquals(a.preset(), b.preset());
    assertEquals(a.inputSize(), b.inputSize());
    assertEquals(a.batchSize(), b.batchSize());
    assertEquals(a.model(), b.model());
    assertEquals(a.optim(), b.optim());
    assertEquals(a.augmentation(), b.augmentation());
    assertTrue(Arrays.equals(a.mean(), b.mean()) && Arrays.equals(a.std(), b.std()));
    assertEquals(a.val(), b.val());
    assertTrue(b.epochs() > a.epochs(), "the continued schedule is longer");
    assertTrue(b.train().containsAll(a.train()), "the continued run keeps the start's data");
    assertTrue(
        b.train().stream().anyMatch(s -> s.path().endsWith("shared/data/fer2013/train")),
        "and adds FER2013's own crops");
  }
}
