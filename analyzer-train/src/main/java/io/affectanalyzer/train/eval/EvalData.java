package io.affectanalyzer.train.eval;

import io.affectanalyzer.train.data.CkPlusReader;
import io.affectanalyzer.train.data.ClassFolderReader;
import io.affectanalyzer.train.data.LabelMap;
import io.affectanalyzer.train.data.MtlAnnotationReader;
import io.affectanalyzer.train.data.Sample;
import io.affectanalyzer.train.data.SubjectSplit;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

/**
 * A labelled evaluation set, read through the {@code data} package.
 *
 * @param name what the report calls it
 * @param samples images and labels
 * @param classes ABAW expression indices the set can contain: predictions are restricted to them
 *     (FER2013 has no "other", so a model is not scored on a class it cannot be right about)
 */
public record EvalData(String name, List<Sample> samples, int[] classes) {
  /**
   * Fraction of CK+ subjects held out as validation, and the shuffle seed: the same as every
   * config's {@code valFraction}/{@code splitSeed}, so {@code ckplus-val} never holds a training
   * subject.
   */
  public static final double CKPLUS_VAL_FRACTION = 0.2;

  public static final long CKPLUS_SEED = 7;

  /**
   * {@code fer2013-test}, {@code ckplus-val} (subject split; {@code ckplus-train} is the rest, the
   * subjects a model trains on), or {@code mtl:FILE} (ABAW4 MTL lines, image paths relative to the
   * file's folder), the first two under {@code dataRoot}.
   */
  public static EvalData parse(String spec, Path dataRoot) {
    if (spec.equals("fer2013-test")) {
      LabelMap map = LabelMap.fer2013();
      return new EvalData(
          spec, ClassFolderReader.read(dataRoot.resolve("fer2013/test"), map), indices(map));
    }
    if (spec.equals("ckplus-val") || spec.equals("ckplus-train")) {
      List<CkPlusReader.Row> rows = CkPlusReader.read(dataRoot.resolve("ckplus/labels.csv"));
      SubjectSplit split = SubjectSplit.of(rows, CKPLUS_VAL_FRACTION, CKPLUS_SEED);
      return new EvalData(
          spec,
          spec.equals("ckplus-val") ? split.validation() : split.train(),
          indices(LabelMap.ckplus()));
    }
    if (spec.startsWith("mtl:")) {
      Path file = Path.of(spec.substring(4)).toAbsolutePath();
      return new EvalData(
          spec, MtlAnnotationReader.read(file, file.getParent()), Predictions.all(8));
    }
    throw new IllegalArgumentException(
        "unknown data '" + spec + "': use fer2013-test, ckplus-val, ckplus-train or mtl:FILE");
  }

  private static int[] indices(LabelMap map) {
    TreeSet<Integer> set = new TreeSet<>();
    for (String name : map.names()) {
      set.add(map.lookup(name).orElseThrow());
    }
    return set.stream().mapToInt(Integer::intValue).toArray();
  }
}
