package io.affectanalyzer.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affectanalyzer.runtime.model.ModelContract;
import io.affectanalyzer.runtime.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CkPlusReaderTest {
  @TempDir Path dir;

  @Test
  void shouldReadAll648RowsWithTwelveAbawAus() {
    List<CkPlusReader.Row> rows = CkPlusReader.read(SharedData.require("ckplus/labels.csv"));
    assertEquals(648, rows.size());
    CkPlusReader.Row first = rows.get(0); // S010 anger: AU4, AU7, AU23, AU24 of the ABAW twelve
    assertEquals("S010", first.subject());
    assertEquals(ModelContract.EXPRESSION_NAMES.indexOf("anger"), first.sample().labels().expr());
    assertEquals(List.of("AU4", "AU7", "AU23", "AU24"), activeAus(first.sample().labels().au()));
    assertTrue(Files.isRegularFile(first.sample().image()));
    long other =
        rows.stream()
            .filter(
                r -> r.sample().labels().expr() == ModelContract.EXPRESSION_NAMES.indexOf("other"))
            .count();
    assertEquals(36, other); // contempt
  }

  @Test
  void shouldSplitBySubjectReproducibly() {
    List<CkPlusReader.Row> rows = CkPlusReader.read(SharedData.require("ckplus/labels.csv"));
    SubjectSplit a = SubjectSplit.of(rows, 0.2, 7);
    SubjectSplit b = SubjectSplit.of(rows, 0.2, 7);
    SubjectSplit c = SubjectSplit.of(rows, 0.2, 8);
    assertEquals(a.valSubjects(), b.valSubjects());
    assertTrue(!a.valSubjects().equals(c.valSubjects()));
    assertEquals(648, a.train().size() + a.validation().size());
    assertEquals(16, a.valSubjects().size()); // 20% of 79 subjects
    Set<Path> trainImages = new HashSet<>();
    a.train().forEach(s -> trainImages.add(s.image()));
    Set<String> trainSubjects = new HashSet<>();
    rows.stream()
        .filter(r -> trainImages.contains(r.sample().image()))
        .forEach(r -> trainSubjects.add(r.subject()));
    trainSubjects.retainAll(a.valSubjects());
    assertTrue(trainSubjects.isEmpty(), "a subject on both sides: " + trainSubjects);
  }

  @Test
  void shouldNameFileAndLineOfABadAuValue() throws Exception {
    Path table = dir.resolve("labels.csv");
    String header =
        "path,subject,sequence,ckplus48_folder,netfacs_emotion,valence_polarity,AU1,AU2,AU4,AU6,AU7,AU10,AU12,AU15,AU23,AU24,AU25,AU26";
    Files.writeString(
        table,
        header
            + "\nCK+48/anger/a.png,S1,S1_1,anger,anger,negative,0,0,1,0,0,0,0,0,1,1,0,0\n"
            + "CK+48/anger/b.png,S1,S1_1,anger,anger,negative,0,0,x,0,0,0,0,0,1,1,0,0\n");
    var e = assertThrows(DataFormatException.class, () -> CkPlusReader.read(table));
    assertEquals(table + ":3: AU4 'x' is not an integer", e.getMessage());
    Files.writeString(table, "path,subject\n");
    e = assertThrows(DataFormatException.class, () -> CkPlusReader.read(table));
    assertEquals(table + ":1: header has no column 'ckplus48_folder'", e.getMessage());
  }

  private static List<String> activeAus(float[] au) {
    List<String> names = new java.util.ArrayList<>();
    for (int k = 0; k < au.length; k++) {
      if (au[k] == 1f) {
        names.add(ModelContract.AU_NAMES.get(k));
      }
    }
    return names;
  }
}
