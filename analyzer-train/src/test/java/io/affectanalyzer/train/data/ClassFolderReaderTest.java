package io.affectanalyzer.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affectanalyzer.runtime.model.ModelContract;
import io.affectanalyzer.runtime.testing.SharedData;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassFolderReaderTest {
  @TempDir Path dir;

  private static int abaw(String name) {
    return ModelContract.EXPRESSION_NAMES.indexOf(name);
  }

  @Test
  void shouldCountFer2013TrainAndTestAsPublished() {
    List<Sample> train =
        ClassFolderReader.read(SharedData.require("fer2013/train"), LabelMap.fer2013());
    List<Sample> test =
        ClassFolderReader.read(SharedData.require("fer2013/test"), LabelMap.fer2013());
    assertEquals(28709, train.size());
    assertEquals(7178, test.size());
    Map<Integer, Long> perClass =
        train.stream()
            .collect(Collectors.groupingBy(s -> s.labels().expr(), Collectors.counting()));
    assertEquals(3995L, perClass.get(abaw("anger")));
    assertEquals(7215L, perClass.get(abaw("happiness")));
    assertEquals(4830L, perClass.get(abaw("sadness")));
    assertEquals(4965L, perClass.get(abaw("neutral")));
    assertEquals(null, perClass.get(abaw("other")));
  }

  @Test
  void shouldMapFerAndCkFolderNamesToAbawOrder() {
    assertEquals(abaw("anger"), LabelMap.fer2013().lookup("angry").orElseThrow());
    assertEquals(abaw("happiness"), LabelMap.fer2013().lookup("Happy").orElseThrow());
    assertEquals(abaw("sadness"), LabelMap.fer2013().lookup("sad").orElseThrow());
    assertEquals(abaw("other"), LabelMap.ckplus().lookup("contempt").orElseThrow());
    assertTrue(LabelMap.lsd().lookup("neutral").isEmpty());
    assertEquals(6, LabelMap.lsd().names().size());
  }

  @Test
  void shouldReadLsdLayoutAndRefuseUnknownFolder() throws Exception {
    for (String cls : List.of("anger", "surprise")) {
      Path d = Files.createDirectories(dir.resolve("lsd").resolve(cls));
      ImageIO.write(
          new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png", d.resolve("0.png").toFile());
    }
    List<Sample> samples = ClassFolderReader.read(dir.resolve("lsd"), LabelMap.lsd());
    assertEquals(
        List.of(abaw("anger"), abaw("surprise")),
        samples.stream().map(s -> s.labels().expr()).toList());

    Files.createDirectories(dir.resolve("lsd/neutral"));
    var e =
        assertThrows(
            DataFormatException.class,
            () -> ClassFolderReader.read(dir.resolve("lsd"), LabelMap.lsd()));
    assertTrue(e.getMessage().contains("unknown class folder 'neutral'"), e.getMessage());
  }
}
