package io.affectanalyzer.train.data;

import io.affectanalyzer.runtime.model.ModelContract;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the CK+ table ({@code ckplus/labels.csv}): one row per image with its subject, its CK+48
 * folder (the expression; contempt becomes "other") and FACS codes, of which the 12 ABAW AU columns
 * become the AU labels. Image paths are relative to the table's folder.
 */
public final class CkPlusReader {
  /** A CK+ image with the subject it shows, so splits can keep a subject on one side. */
  public record Row(String subject, Sample sample) {}

  private CkPlusReader() {}

  public static List<Row> read(Path table) {
    List<String> lines = MtlAnnotationReader.readLines(table);
    if (lines.isEmpty()) {
      throw DataFormatException.of(table, "empty table");
    }
    List<String> header = Arrays.stream(lines.get(0).split(",", -1)).map(String::strip).toList();
    int path = column(header, "path", table);
    int subject = column(header, "subject", table);
    int folder = column(header, "ckplus48_folder", table);
    int emotion = column(header, "netfacs_emotion", table);
    int[] au = new int[AffectLabels.AU_COUNT];
    for (int k = 0; k < au.length; k++) {
      au[k] = column(header, ModelContract.AU_NAMES.get(k), table);
    }
    LabelMap map = LabelMap.ckplus();
    Path root = table.toAbsolutePath().getParent();
    List<Row> rows = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      int lineNo = i + 1;
      if (lines.get(i).isBlank()) {
        continue;
      }
      String[] f = lines.get(i).split(",", -1);
      if (f.length != header.size()) {
        throw DataFormatException.at(
            table, lineNo, "expected " + header.size() + " fields, found " + f.length);
      }
      String name = f[folder].isBlank() ? f[emotion] : f[folder];
      int expr =
          map.lookup(name)
              .orElseThrow(
                  () -> DataFormatException.at(table, lineNo, "unknown expression '" + name + "'"));
      float[] aus = new float[au.length];
      for (int k = 0; k < au.length; k++) {
        int v = Fields.parseInt(f[au[k]], table, lineNo, header.get(au[k]));
        if (v != 0 && v != 1) {
          throw DataFormatException.at(
              table, lineNo, header.get(au[k]) + " is " + v + ", expected 0 or 1");
        }
        aus[k] = v;
      }
      if (f[path].isBlank() || f[subject].isBlank()) {
        throw DataFormatException.at(table, lineNo, "empty path or subject");
      }
      Sample sample =
          new Sample(
              root.resolve(f[path].strip()), new AffectLabels(expr, aus, AffectLabels.noVa()));
      rows.add(new Row(f[subject].strip(), sample));
    }
    return rows;
  }

  private static int column(List<String> header, String name, Path table) {
    int index = header.indexOf(name);
    if (index < 0) {
      throw DataFormatException.at(table, 1, "header has no column '" + name + "'");
    }
    return index;
  }
}
