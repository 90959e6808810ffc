package io.affectanalyzer.runtime.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.affectanalyzer.runtime.onnx.OrtSessions;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An exported EMMA/CoTEX model served by ONNX Runtime, checked against the contract at load. */
public final class OnnxAffectModel implements AffectModel {
  private final OrtSessions.Opened opened;
  private final ModelSpec spec;
  private final String label;

  private OnnxAffectModel(OrtSessions.Opened opened, ModelSpec spec, String label) {
    this.opened = opened;
    this.spec = spec;
    this.label = label;
  }

  /** Opens and checks {@code path}; any problem is a one-line {@link ModelException}. */
  public static OnnxAffectModel open(Path path, OrtSessions.Options options) throws ModelException {
    String label = path.toString();
    if (!Files.isRegularFile(path)) {
      throw new ModelException("no such model file: " + path);
    }
    OrtSessions.Opened opened;
    try {
      opened =
          OrtSessions.open(null, path.toString(), "affect model " + path.getFileName(), options);
    } catch (OrtException e) {
      throw new ModelException(
          label + ": not an ONNX model ONNX Runtime can load (" + firstLine(e) + ")");
    }
    try {
      return new OnnxAffectModel(opened, ContractCheck.check(opened.session(), label), label);
    } catch (ModelException e) {
      closeQuietly(opened);
      throw e;
    }
  }

  @Override
  public ModelSpec spec() {
    return spec;
  }

  @Override
  public String executionProvider() {
    return opened.provider();
  }

  @Override
  public List<AffectScores> infer(FloatBuffer faces, int count) {
    int size = spec.inputSize();
    long[] shape = {count, 3, size, size};
    FloatBuffer input = faces.duplicate().position(0).limit(count * 3 * size * size);
    try (OnnxTensor tensor =
            OnnxTensor.createTensor(OrtSessions.environment(), input.slice(), shape);
        OrtSession.Result result = opened.session().run(Map.of(ModelContract.INPUT, tensor))) {
      float[] au = read(result, ModelContract.AU, count);
      float[] expr = read(result, ModelContract.EXPR, count);
      float[] va = read(result, ModelContract.VA, count);
      List<AffectScores> scores = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        scores.add(
            new AffectScores(
                row(au, i, ModelContract.AU_NAMES.size()),
                row(expr, i, ModelContract.EXPRESSION_NAMES.size()),
                row(va, i, ModelContract.VA_NAMES.size())));
      }
      return scores;
    } catch (OrtException e) {
      throw new IllegalStateException(label + ": inference failed: " + firstLine(e), e);
    }
  }

  private static float[] read(OrtSession.Result result, String name, int count) {
    Optional<OnnxValue> value = result.get(name);
    if (value.isEmpty()) {
      return null;
    }
    FloatBuffer buffer = ((OnnxTensor) value.get()).getFloatBuffer();
    float[] out = new float[buffer.remaining()];
    buffer.get(out);
    return out;
  }

  private static float[] row(float[] all, int i, int width) {
    if (all == null) {
      return null;
    }
    float[] out = new float[width];
    System.arraycopy(all, i * width, out, 0, width);
    return out;
  }

  private static String firstLine(Exception e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  private static void closeQuietly(OrtSessions.Opened opened) {
    try {
      opened.close();
    } catch (OrtException ignored) {
      // the load already failed; that error is the one to report
    }
  }

  @Override
  public void close() {
    closeQuietly(opened);
  }
}
