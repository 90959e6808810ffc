package io.affectanalyzer.train.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Several labelled sources as one sample list. A sample keeps the "no label" values of the tasks
 * its source does not label, so the masked losses train each task only on faces that carry it.
 */
public record MixedDataset(List<Sample> samples) {
  public MixedDataset {
    samples = List.copyOf(samples);
  }

  public static MixedDataset of(List<List<Sample>> sources) {
    List<Sample> all = new ArrayList<>();
    sources.forEach(all::addAll);
    return new MixedDataset(all);
  }

  /** A seeded random subset of at most {@code limit} samples (for quick runs). */
  public MixedDataset limit(int limit, long seed) {
    if (limit <= 0 || limit >= samples.size()) {
      return this;
    }
    List<Sample> copy = new ArrayList<>(samples);
    java.util.Collections.shuffle(copy, new Random(seed));
    return new MixedDataset(copy.subList(0, limit));
  }

  public long countWithExpr() {
    return samples.stream().filter(s -> s.labels().hasExpr()).count();
  }

  public long countWithAu() {
    return samples.stream().filter(s -> s.labels().hasAu()).count();
  }

  public long countWithVa() {
    return samples.stream().filter(s -> s.labels().hasVa()).count();
  }
}
