package io.affectanalyzer.train.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affectanalyzer.train.data.AffectLabels;
import io.affectanalyzer.train.data.Sample;
import io.affectanalyzer.train.vit.VitConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmmaTaskTest {
  @TempDir Path dir;

  private EmmaTask task(String weights) throws Exception {
    Path cfg = dir.resolve("emma.json");
    Files.writeString(
        cfg,
        Files.readString(Path.of("configs/tiny-emma.json"))
            .replace("\"vaWidth\": 16", "\"vaWidth\": 16, \"auPosWeights\": \"" + weights + "\""));
    return new EmmaTask(TrainConfig.read(cfg), VitConfig.vitMicro8At48(), dir);
  }

  private static Sample face(float... au) {
    return new Sample(Path.of("x.png"), new AffectLabels(0, au, new float[] {-5, -5}), 0);
  }

  @Test
  void shouldTakeAuPositiveWeightsFromTheTrainingLabelsWhenAskedTo() throws Exception {
    float[] absent = new float[12];
    float[] au1 = new float[12];
    au1[0] = 1;
    float[] none = new float[12];
    java.util.Arrays.fill(none, -1);
    List<Sample> train = List.of(face(au1), face(absent), face(absent), face(absent), face(none));
    List<String> said = task("data").prepare(train);
    assertEquals(1, said.size(), said.toString());
    assertTrue(said.get(0).contains("AU1 3.00, AU2 1.00"), said.get(0));
    assertEquals(List.of(), task("reference").prepare(train));
    assertThrows(IllegalArgumentException.class, () -> task("balanced"));
  }
}
