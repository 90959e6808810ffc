package io.affectanalyzer.train.trainer;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.affectanalyzer.train.data.CkPlusReader;
import io.affectanalyzer.train.data.ClassFolderReader;
import io.affectanalyzer.train.data.DataFormatException;
import io.affectanalyzer.train.data.LabelMap;
import io.affectanalyzer.train.data.MtlAnnotationReader;
import io.affectanalyzer.train.data.Sample;
import io.affectanalyzer.train.data.SubjectSplit;
import io.affectanalyzer.train.data.VaPrior;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * One labelled source in a config. {@code format}: {@code mtl} (ABAW4 annotation file at {@code
 * path}, images under {@code images}), {@code folder} (class folders, names mapped by {@code
 * labels}: fer2013, lsd, ckplus or abaw), {@code lsd} (the ABAW4 LSD layout), {@code ckplus} (the
 * CK+ table, {@code split} train or val by subject with {@code valFraction} and {@code splitSeed}).
 * A {@code folder} source takes the same {@code split}, by image: a seeded hold-out of the training
 * folder, so sweeps never choose on the test set. {@code vaPrior: "category"} gives faces without
 * VA ratings the valence/arousal of their expression ({@link VaPrior}). {@code blurSigma}
 * low-passes a sharp source at the model's input size to match a blurred one ({@link
 * io.affectanalyzer.train.data.GaussianBlur}). Relative paths are resolved against the config
 * file's folder.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record DataSource(
    String format,
    String path,
    String images,
    String labels,
    String split,
    Double valFraction,
    Long splitSeed,
    String vaPrior,
    Integer repeat,
    Double blurSigma) {

  public List<Sample> load(Path base) {
    List<Sample> samples = repeated(blurred(read(base)));
    if (vaPrior == null || vaPrior.equals("none")) {
      return samples;
    }
    if (!vaPrior.equals("category")) {
      throw new DataFormatException(
          "vaPrior must be \"category\" or \"none\", not '" + vaPrior + "'");
    }
    return samples.stream().map(VaPrior::apply).toList();
  }

  /** A short name for messages: format, the last two path elements, split and blur. */
  public String describe() {
    Path p = Path.of(path == null ? "?" : path);
    int n = p.getNameCount();
    String tail = n >= 2 ? p.subpath(n - 2, n).toString() : p.toString();
    return format
        + " "
        + tail
        + (split == null ? "" : " (" + split + ")")
        + (blurSigma == null || blurSigma == 0 ? "" : " blurred by sigma " + blurSigma);
  }

  private List<Sample> read(Path base) {
    if (format == null || path == null) {
      throw new DataFormatException("a data source needs \"format\" and \"path\"");
    }
    Path p = base.resolve(path).normalize();
    return switch (format.toLowerCase(Locale.ROOT)) {
      case "mtl" ->
          MtlAnnotationReader.read(p, base.resolve(images == null ? "." : images).normalize());
      case "folder" -> holdOut(ClassFolderReader.read(p, labelMap()));
      case "lsd" -> ClassFolderReader.read(p, LabelMap.lsd());
      case "ckplus" -> ckplus(p);
      default ->
          throw new DataFormatException(
              "unknown data format '" + format + "'; known: mtl, folder, lsd, ckplus");
    };
  }

  private List<Sample> ckplus(Path table) {
    var rows = CkPlusReader.read(table);
    if (split == null || split.equals("all")) {
      return rows.stream().map(CkPlusReader.Row::sample).toList();
    }
    SubjectSplit s =
        SubjectSplit.of(
            rows, valFraction == null ? 0.2 : valFraction, splitSeed == null ? 0 : splitSeed);
    return switch (split) {
      case "train" -> s.train();
      case "val" -> s.validation();
      default ->
          throw new DataFormatException(
              "ckplus split must be train, val or all, not '" + split + "'");
    };
  }

  private List<Sample> blurred(List<Sample> samples) {
    if (blurSigma == null || blurSigma == 0) {
      return samples;
    }
    if (!(blurSigma > 0) || blurSigma > 16) {
      throw new DataFormatException("blurSigma must lie in [0, 16] pixels, not " + blurSigma);
    }
    return samples.stream().map(s -> s.withBlur(blurSigma)).toList();
  }

  private List<Sample> repeated(List<Sample> samples) {
    if (repeat == null || repeat == 1) {
      return samples;
    }
    if (repeat < 1) {
      throw new DataFormatException("repeat must be at least 1, not " + repeat);
    }
    List<Sample> out = new ArrayList<>(samples.size() * repeat);
    for (int i = 0; i < repeat; i++) {
      out.addAll(samples);
    }
    return out;
  }

  private List<Sample> holdOut(List<Sample> all) {
    if (split == null || split.equals("all")) {
      return all;
    }
    List<Sample> shuffled = new ArrayList<>(all);
    Collections.shuffle(shuffled, new Random(splitSeed == null ? 0 : splitSeed));
    int val = (int) Math.round(shuffled.size() * (valFraction == null ? 0.2 : valFraction));
    return switch (split) {
      case "train" -> shuffled.subList(val, shuffled.size());
      case "val" -> shuffled.subList(0, val);
      default ->
          throw new DataFormatException(
              "folder split must be train, val or all, not '" + split + "'");
    };
  }

  private LabelMap labelMap() {
    String name = labels == null ? "abaw" : labels.toLowerCase(Locale.ROOT);
    return switch (name) {
      case "fer2013" -> LabelMap.fer2013();
      case "lsd" -> LabelMap.lsd();
      case "ckplus" -> LabelMap.ckplus();
      case "abaw" -> LabelMap.abaw();
      default ->
          throw new DataFormatException(
              "unknown label map '" + labels + "'; known: fer2013, lsd, ckplus, abaw");
    };
  }
}
