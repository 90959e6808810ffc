package io.affectanalyzer.train.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads an ABAW4 multi-task annotation file: one line per image, {@code
 * image_path,valence,arousal,expression,AU1,...,AU26} (12 AUs), an optional header line, invalid
 * values -5 (VA), -1 (expression) and -1 (AU). Image paths are relative to an image root.
 */
public final class MtlAnnotationReader {
  private static final int COLUMNS = 4 + AffectLabels.AU_COUNT;

  private MtlAnnotationReader() {}

  public static List<Sample> read(Path file, Path imageRoot) {
    List<String> lines = readLines(file);
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      int lineNo = i + 1;
      if (line.isEmpty() || (i == 0 && isHeader(line))) {
        continue;
      }
      samples.add(parse(line, file, lineNo, imageRoot));
    }
    if (samples.isEmpty()) {
      throw DataFormatException.of(file, "no annotation lines");
    }
    return samples;
  }

  private static boolean isHeader(String line) {
    return line.toLowerCase(Locale.ROOT).contains("valence");
  }

  private static Sample parse(String line, Path file, int lineNo, Path imageRoot) {
    String[] f = line.split(",", -1);
    if (f.length != COLUMNS) {
      throw DataFormatException.at(
          file, lineNo, "expected " + COLUMNS + " comma-separated fields, found " + f.length);
    }
    if (f[0].isBlank()) {
      throw DataFormatException.at(file, lineNo, "empty image path");
    }
    float[] va = new float[2];
    for (int k = 0; k < 2; k++) {
      String name = k == 0 ? "valence" : "arousal";
      va[k] = Fields.parseFloat(f[1 + k], file, lineNo, name);
      if (va[k] != AffectLabels.NO_VA && (va[k] < -1f || va[k] > 1f)) {
        throw DataFormatException.at(
            file, lineNo, name + " " + f[1 + k].strip() + " is outside [-1, 1] and is not -5");
      }
    }
    int expr = Fields.parseInt(f[3], file, lineNo, "expression");
    if (expr < AffectLabels.NO_EXPR || expr >= AffectLabels.EXPR_COUNT) {
      throw DataFormatException.at(
          file, lineNo, "expression " + expr + " is not -1 or a class index 0-7");
    }
    float[] au = new float[AffectLabels.AU_COUNT];
    for (int k = 0; k < au.length; k++) {
      int v = Fields.parseInt(f[4 + k], file, lineNo, "AU column " + (k + 1));
      if (v < -1 || v > 1) {
        throw DataFormatException.at(
            file, lineNo, "AU column " + (k + 1) + " is " + v + ", expected -1, 0 or 1");
      }
      au[k] = v;
    }
    return new Sample(imageRoot.resolve(f[0].strip()), new AffectLabels(expr, au, va));
  }

  static List<String> readLines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw DataFormatException.of(file, "no such file");
    } catch (IOException e) {
      throw DataFormatException.of(file, "cannot read: " + e.getMessage());
    }
  }
}
