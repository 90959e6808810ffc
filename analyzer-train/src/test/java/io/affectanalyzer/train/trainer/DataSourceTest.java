package io.affectanalyzer.train.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affectanalyzer.runtime.testing.SharedData;
import io.affectanalyzer.train.data.DataFormatException;
import io.affectanalyzer.train.data.Sample;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DataSourceTest {
  private static List<Sample> fer(String split, long seed) {
    return new DataSource("folder", "train", null, "fer2013", split, 0.05, seed, null, null, null)
        .load(SharedData.require("fer2013"));
  }

  private static Set<Path> images(List<Sample> s) {
    Set<Path> out = new HashSet<>();
    s.forEach(x -> out.add(x.image()));
    return out;
  }

  @Test
  void shouldHoldOutADisjointSeededShareOfAFolder() {
    List<Sample> train = fer("train", 7);
    List<Sample> val = fer("val", 7);
    assertEquals(1435, val.size()); // 5% of 28,709, rounded
    assertEquals(28709, train.size() + val.size());
    Set<Path> overlap = images(train);
    overlap.retainAll(images(val));
    assertTrue(overlap.isEmpty(), overlap.size() + " images in both");
    assertEquals(images(val), images(fer("val", 7)), "same seed, same hold-out");
    assertTrue(!images(val).equals(images(fer("val", 8))), "another seed, another hold-out");
  }

  @Test
  void shouldListARepeatedSourceNTimes() {
    List<Sample> once =
        new DataSource("ckplus", "labels.csv", null, null, "train", 0.2, 7L, null, null, null)
            .load(SharedData.require("ckplus"));
    List<Sample> thrice =
        new DataSource("ckplus", "labels.csv", null, null, "train", 0.2, 7L, null, 3, null)
            .load(SharedData.require("ckplus"));
    assertEquals(3 * once.size(), thrice.size());
    assertEquals(images(once), images(thrice));
  }

  @Test
  void shouldRejectAnUnknownFolderSplit() {
    DataFormatException e = assertThrows(DataFormatException.class, () -> fer("dev", 7));
    assertTrue(e.getMessage().contains("folder split must be train, val or all"), e.getMessage());
  }

  @Test
  void shouldBlurEverySampleOfASourceWithBlurSigmaThroughTheVaPrior() {
    DataSource ck =
        new DataSource("ckplus", "labels.csv", null, null, "val", 0.2, 7L, "category", null, 3.0);
    List<Sample> samples = ck.load(SharedData.require("ckplus"));
    assertTrue(samples.stream().allMatch(s -> s.blurSigma() == 3.0));
    assertTrue(samples.stream().allMatch(s -> s.labels().va()[0] != 0 || s.labels().va()[1] != 0));
    assertEquals("ckplus labels.csv (val) blurred by sigma 3.0", ck.describe());
    DataFormatException e =
        assertThrows(
            DataFormatException.class,
            () ->
                new DataSource("ckplus", "labels.csv", null, null, "val", 0.2, 7L, null, null, -1.0)
                    .load(SharedData.require("ckplus")));
    assertTrue(e.getMessage().contains("blurSigma must lie in [0, 16]"), e.getMessage());
  }
}
