package io.affectanalyzer.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MtlAnnotationReaderTest {
  @TempDir Path dir;

  private Path write(String text) throws Exception {
    Path file = dir.resolve("mtl_train.txt");
    Files.writeString(file, text);
    return file;
  }

  @Test
  void shouldReadLabelsAndInvalidMarkersWithHeader() throws Exception {
    Path file =
        write(
            "image,valence,arousal,expression,AU1,AU2,AU4,AU6,AU7,AU10,AU12,AU15,AU23,AU24,AU25,AU26\n"
                + "v1/00001.jpg,0.25,-0.5,4,1,0,0,1,0,0,1,0,0,0,1,0\n"
                + "v1/00002.jpg,-5,-5,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1\n");
    List<Sample> samples = MtlAnnotationReader.read(file, dir.resolve("cropped"));
    assertEquals(2, samples.size());
    AffectLabels first = samples.get(0).labels();
    assertEquals(4, first.expr());
    assertArrayEquals(new float[] {0.25f, -0.5f}, first.va());
    assertArrayEquals(new float[] {1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0}, first.au());
    assertEquals(dir.resolve("cropped/v1/00001.jpg"), samples.get(0).image());
    AffectLabels second = samples.get(1).labels();
    assertFalse(second.hasExpr() || second.hasAu() || second.hasVa());
  }

  @Test
  void shouldReadFileWithoutHeader() throws Exception {
    Path file = write("a.jpg,0.1,0.2,0,0,0,0,0,0,0,0,0,0,0,0,1\n");
    List<Sample> samples = MtlAnnotationReader.read(file, dir);
    assertEquals(1, samples.size());
    assertEquals(1f, samples.get(0).labels().au()[11]);
  }

  @Test
  void shouldNameFileAndLineOfTooFewFields() throws Exception {
    Path file = write("a.jpg,0.1,0.2,0,0,0,0,0,0,0,0,0,0,0,0,1\nb.jpg,0.1,0.2,3\n");
    var e = assertThrows(DataFormatException.class, () -> MtlAnnotationReader.read(file, dir));
    assertTrue(e.getMessage().startsWith(file + ":2: expected 16"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  @Test
  void shouldNameFileAndLineOfANonNumber() throws Exception {
    Path file = write("a.jpg,0.1,high,0,0,0,0,0,0,0,0,0,0,0,0,1\n");
    var e = assertThrows(DataFormatException.class, () -> MtlAnnotationReader.read(file, dir));
    assertEquals(file + ":1: arousal 'high' is not a number", e.getMessage());
  }

  @Test
  void shouldRejectOutOfRangeExpressionAndAu() throws Exception {
    Path expr = write("a.jpg,0.1,0.2,9,0,0,0,0,0,0,0,0,0,0,0,1\n");
    var e = assertThrows(DataFormatException.class, () -> MtlAnnotationReader.read(expr, dir));
    assertTrue(e.getMessage().contains(":1: expression 9"), e.getMessage());
    Path au = write("a.jpg,0.1,0.2,1,0,0,0,2,0,0,0,0,0,0,0,1\n");
    e = assertThrows(DataFormatException.class, () -> MtlAnnotationReader.read(au, dir));
    assertTrue(e.getMessage().contains(":1: AU column 4 is 2"), e.getMessage());
    Path va = write("a.jpg,1.5,0.2,1,0,0,0,0,0,0,0,0,0,0,0,1\n");
    e = assertThrows(DataFormatException.class, () -> MtlAnnotationReader.read(va, dir));
    assertTrue(e.getMessage().contains(":1: valence 1.5 is outside"), e.getMessage());
  }

  @Test
  void shouldSayWhenTheFileIsMissing() {
    Path missing = dir.resolve("nope.txt");
    var e = assertThrows(DataFormatException.class, () -> MtlAnnotationReader.read(missing, dir));
    assertEquals(missing + ": no such file", e.getMessage());
  }
}
