package io.affectanalyzer.train.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Splits rows by subject, never by image: a seeded shuffle of the sorted subject list puts the
 * first {@code fraction} of subjects in validation, so the same seed always gives the same split.
 */
public record SubjectSplit(List<Sample> train, List<Sample> validation, Set<String> valSubjects) {

  public static SubjectSplit of(List<CkPlusReader.Row> rows, double fraction, long seed) {
    if (fraction <= 0 || fraction >= 1) {
      throw new IllegalArgumentException("validation fraction must lie in (0, 1): " + fraction);
    }
    List<String> subjects =
        new ArrayList<>(new TreeSet<>(rows.stream().map(CkPlusReader.Row::subject).toList()));
    Collections.shuffle(subjects, new Random(seed));
    int count = Math.max(1, (int) Math.round(subjects.size() * fraction));
    Set<String> val = Set.copyOf(subjects.subList(0, count));
    List<Sample> train = new ArrayList<>();
    List<Sample> validation = new ArrayList<>();
    for (CkPlusReader.Row row : rows) {
      (val.contains(row.subject()) ? validation : train).add(row.sample());
    }
    return new SubjectSplit(List.copyOf(train), List.copyOf(validation), val);
  }
}
