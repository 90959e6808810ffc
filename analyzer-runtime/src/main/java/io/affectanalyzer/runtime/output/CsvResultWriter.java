package io.affectanalyzer.runtime.output;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.affectanalyzer.runtime.detect.FaceDetection;
import io.affectanalyzer.runtime.model.AffectScores;
import io.affectanalyzer.runtime.model.ModelContract;
import io.affectanalyzer.runtime.model.ModelSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One row per face (and one with {@code success = 0} for a frame without a face), with OpenFace's
 * column names where they overlap ({@code frame, face_id, timestamp, confidence, success, AU01_c,
 * ...}) so existing OpenFace tooling reads it; AU probabilities are {@code AU01_p} (OpenFace's
 * {@code _r} is an intensity, which this model does not predict). {@code success} is 1 when a face
 * was found, {@code analysed} when the model scored it. When scores are smoothed over each track,
 * the model's own ones follow after all the other columns ({@code AU01_p_raw ... expr_neutral_raw
 * ... valence_raw, arousal_raw}), so readers that go by name or by position see the same columns as
 * without smoothing.
 */
public final class CsvResultWriter implements ResultWriter {
  private static final String[] LANDMARKS = {"eye_r", "eye_l", "nose", "mouth", "ear_r", "ear_l"};
  private final OutputStream out;
  private final SequenceWriter rows;
  private final int width;
  private final float[] auThresholds;
  private final String vaSupervision;
  private final boolean rawColumns;

  public CsvResultWriter(OutputStream out, ModelSpec spec) throws IOException {
    this(out, spec, false);
  }

  /**
   * @param rawColumns whether the model's own scores follow the smoothed ones (when smoothing is on
   *     and a model is loaded)
   */
  public CsvResultWriter(OutputStream out, ModelSpec spec, boolean rawColumns) throws IOException {
    this.out = out;
    this.rawColumns = rawColumns;
    List<String> columns = columns(rawColumns);
    CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
    columns.forEach(schema::addColumn);
    this.width = columns.size();
    this.rows = new CsvMapper().writer(schema.build()).writeValues(out);
    this.auThresholds = spec == null ? null : spec.auThresholds();
    this.vaSupervision = spec == null ? null : spec.vaSupervision();
  }

  /** The header, in order. */
  public static List<String> columns() {
    List<String> c =
        new ArrayList<>(List.of("frame", "face_id", "timestamp", "confidence", "success"));
    c.addAll(
        List.of(
            "stream",
            "image",
            "dropped",
            "analysed",
            "face_x",
            "face_y",
            "face_width",
            "face_height"));
    for (String l : LANDMARKS) {
      c.add(l + "_x");
      c.add(l + "_y");
    }
    for (String au : ModelContract.AU_NAMES) {
      c.add(openFaceName(au) + "_c");
    }
    for (String au : ModelContract.AU_NAMES) {
      c.add(openFaceName(au) + "_p");
    }
    for (String e : ModelContract.EXPRESSION_NAMES) {
      c.add("expr_" + e);
    }
    c.addAll(List.of("expression", "valence", "arousal", "va_supervision"));
    return c;
  }

  /** The header, with the raw scores' columns at the end when {@code raw}. */
  public static List<String> columns(boolean raw) {
    List<String> c = columns();
    if (raw) {
      for (String au : ModelContract.AU_NAMES) {
        c.add(openFaceName(au) + "_p_raw");
      }
      for (String e : ModelContract.EXPRESSION_NAMES) {
        c.add("expr_" + e + "_raw");
      }
      c.addAll(List.of("valence_raw", "arousal_raw"));
    }
    return c;
  }

  /** "AU1" -> "AU01", as OpenFace names its columns. */
  static String openFaceName(String au) {
    return String.format(Locale.ROOT, "AU%02d", Integer.parseInt(au.substring(2)));
  }

  @Override
  public void write(FrameResult frame) throws IOException {
    if (frame.faces().isEmpty()) {
      Object[] row = new Object[width];
      fillFrame(row, frame, -1);
      row[4] = 0;
      rows.write(row);
    }
    for (FaceResult face : frame.faces()) {
      Object[] row = new Object[width];
      fillFrame(row, frame, face.trackId());
      fillFace(row, face);
      rows.write(row);
    }
    rows.flush();
  }

  private static void fillFrame(Object[] row, FrameResult frame, int faceId) {
    row[0] = frame.frame();
    row[1] = faceId < 0 ? "" : faceId;
    row[2] = String.format(Locale.ROOT, "%.3f", frame.ptsMillis() / 1000.0);
    row[3] = "";
    row[5] = frame.stream();
    row[6] = frame.label() == null ? "" : frame.label();
    row[7] = frame.dropped() ? 1 : 0;
  }

  private void fillFace(Object[] row, FaceResult face) {
    FaceDetection d = face.detection();
    row[3] = num(d.score());
    row[4] = 1; // as in OpenFace: a face was found
    row[8] = face.analysed() ? 1 : 0;
    row[9] = num(d.x());
    row[10] = num(d.y());
    row[11] = num(d.width());
    row[12] = num(d.height());
    int i = 13;
    for (int k = 0; k < FaceDetection.KEYPOINTS; k++) {
      row[i++] = num(d.keypointX(k));
      row[i++] = num(d.keypointY(k));
    }
    int aus = ModelContract.AU_NAMES.size();
    AffectScores s = face.scores();
    if (s != null && s.au() != null) {
      for (int k = 0; k < aus; k++) {
        row[i + k] = s.au()[k] >= auThresholds[k] ? 1 : 0;
        row[i + aus + k] = num(s.au()[k]);
      }
    }
    i += 2 * aus;
    if (s != null && s.expr() != null) {
      for (int k = 0; k < s.expr().length; k++) {
        row[i + k] = num(s.expr()[k]);
      }
      row[i + s.expr().length] = ModelContract.expressionLabel(s.expr());
    }
    i += ModelContract.EXPRESSION_NAMES.size() + 1;
    if (s != null && s.va() != null) {
      row[i] = num(s.va()[0]);
      row[i + 1] = num(s.va()[1]);
      row[i + 2] = vaSupervision;
    }
    i += 3; // valence, arousal, va_supervision
    AffectScores raw = face.raw();
    if (rawColumns && raw != null) {
      fillScores(row, i, raw.au());
      fillScores(row, i + aus, raw.expr());
      fillScores(row, i + aus + ModelContract.EXPRESSION_NAMES.size(), raw.va());
    }
  }

  private static void fillScores(Object[] row, int from, float[] values) {
    if (values != null) {
      for (int k = 0; k < values.length; k++) {
        row[from + k] = num(values[k]);
      }
    }
  }

  private static String num(float v) {
    return Float.isNaN(v) ? "" : String.format(Locale.ROOT, "%.3f", v);
  }

  @Override
  public void close() throws IOException {
    rows.close();
    out.close();
  }
}
