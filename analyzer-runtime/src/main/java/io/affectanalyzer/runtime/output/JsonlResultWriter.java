package io.affectanalyzer.runtime.output;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import io.affectanalyzer.runtime.detect.FaceDetection;
import io.affectanalyzer.runtime.model.AffectScores;
import io.affectanalyzer.runtime.model.ModelContract;
import io.affectanalyzer.runtime.model.ModelSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * One JSON object per frame and line: {@code stream, frame, pts_ms, faces[]}, each face with its
 * track id, box, score, landmarks and, when analysed, AU probabilities and on/off, expression
 * probabilities and label, valence and arousal (with how VA was supervised). When the scores were
 * smoothed over the track, the model's own ones follow as {@code au_raw}, {@code expr_raw}, {@code
 * valence_raw} and {@code arousal_raw}.
 */
public final class JsonlResultWriter implements ResultWriter {
  private static final List<String> LANDMARKS =
      List.of("right_eye", "left_eye", "nose", "mouth", "right_ear", "left_ear");
  private final OutputStream out;
  private final JsonGenerator json;
  private final float[] auThresholds;
  private final String vaSupervision;

  public JsonlResultWriter(OutputStream out, ModelSpec spec) throws IOException {
    this.out = out;
    this.json = new JsonFactory().createGenerator(out, JsonEncoding.UTF8);
    json.setRootValueSeparator(new SerializedString("")); // each record ends its own line
    this.auThresholds = spec == null ? null : spec.auThresholds();
    this.vaSupervision = spec == null ? null : spec.vaSupervision();
  }

  @Override
  public void write(FrameResult frame) throws IOException {
    json.writeStartObject();
    json.writeStringField("stream", frame.stream());
    json.writeNumberField("frame", frame.frame());
    json.writeNumberField("pts_ms", frame.ptsMillis());
    if (frame.label() != null) {
      json.writeStringField("image", frame.label());
    }
    if (frame.dropped()) {
      json.writeBooleanField("dropped", true);
    }
    json.writeArrayFieldStart("faces");
    for (FaceResult face : frame.faces()) {
      writeFace(face);
    }
    json.writeEndArray();
    json.writeEndObject();
    json.writeRaw('\n');
    json.flush();
  }

  private void writeFace(FaceResult face) throws IOException {
    FaceDetection d = face.detection();
    json.writeStartObject();
    json.writeNumberField("track", face.trackId());
    json.writeArrayFieldStart("box");
    json.writeNumber(round1(d.x()));
    json.writeNumber(round1(d.y()));
    json.writeNumber(round1(d.width()));
    json.writeNumber(round1(d.height()));
    json.writeEndArray();
    json.writeNumberField("score", round3(d.score()));
    json.writeObjectFieldStart("landmarks");
    for (int i = 0; i < FaceDetection.KEYPOINTS; i++) {
      if (Float.isNaN(d.keypointX(i))) {
        continue;
      }
      json.writeArrayFieldStart(LANDMARKS.get(i));
      json.writeNumber(round1(d.keypointX(i)));
      json.writeNumber(round1(d.keypointY(i)));
      json.writeEndArray();
    }
    json.writeEndObject();
    json.writeBooleanField("analysed", face.analysed());
    AffectScores s = face.scores();
    if (s != null) {
      if (s.au() != null) {
        writeScores("au", ModelContract.AU_NAMES, s.au());
        json.writeArrayFieldStart("au_active");
        for (int i = 0; i < s.au().length; i++) {
          if (s.au()[i] >= auThresholds[i]) {
            json.writeString(ModelContract.AU_NAMES.get(i));
          }
        }
        json.writeEndArray();
      }
      if (s.expr() != null) {
        writeScores("expr", ModelContract.EXPRESSION_NAMES, s.expr());
        json.writeStringField("expression", ModelContract.expressionLabel(s.expr()));
      }
      if (s.va() != null) {
        json.writeNumberField("valence", round3(s.va()[0]));
        json.writeNumberField("arousal", round3(s.va()[1]));
        json.writeStringField("va_supervision", vaSupervision);
      }
    }
    AffectScores raw = face.raw();
    if (raw != null) {
      if (raw.au() != null) {
        writeScores("au_raw", ModelContract.AU_NAMES, raw.au());
      }
      if (raw.expr() != null) {
        writeScores("expr_raw", ModelContract.EXPRESSION_NAMES, raw.expr());
      }
      if (raw.va() != null) {
        json.writeNumberField("valence_raw", round3(raw.va()[0]));
        json.writeNumberField("arousal_raw", round3(raw.va()[1]));
      }
    }
    json.writeEndObject();
  }

  /** {@code "field": {"name": value, ...}} */
  private void writeScores(String field, List<String> names, float[] values) throws IOException {
    json.writeObjectFieldStart(field);
    for (int i = 0; i < values.length; i++) {
      json.writeNumberField(names.get(i), round3(values[i]));
    }
    json.writeEndObject();
  }

  // Rounded so records stay short; pixels to 0.1, probabilities to 0.001.
  private static double round1(float v) {
    return Math.round(v * 10.0) / 10.0;
  }

  private static double round3(float v) {
    return Math.round(v * 1000.0) / 1000.0;
  }

  @Override
  public void close() throws IOException {
    json.close();
    out.close();
  }
}
