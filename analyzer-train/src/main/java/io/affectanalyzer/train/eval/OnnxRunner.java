package io.affectanalyzer.train.eval;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.affectanalyzer.runtime.onnx.OrtSessions;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs an ONNX model on the CPU on batches of float input and hands back every output as rows:
 * {@code [N, ...]} flattened to {@code [N][rest]}. Owns its session.
 */
public final class OnnxRunner implements AutoCloseable {
  private final OrtSessions.Opened opened;

  private OnnxRunner(OrtSessions.Opened opened) {
    this.opened = opened;
  }

  public static OnnxRunner open(Path model, int threads) {
    if (!Files.isRegularFile(model)) {
      throw new IllegalArgumentException("model file not found: " + model);
    }
    try {
      return new OnnxRunner(
          OrtSessions.open(
              null,
              model.toString(),
              model.getFileName().toString(),
              OrtSessions.Options.cpu(threads)));
    } catch (OrtException e) {
      throw new IllegalArgumentException(
          "not a loadable ONNX model: " + model + ": " + firstLine(e), e);
    }
  }

  public static OnnxRunner open(byte[] model, int threads) throws OrtException {
    return new OnnxRunner(
        OrtSessions.open(model, null, "in-memory model", OrtSessions.Options.cpu(threads)));
  }

  public OrtSession session() {
    return opened.session();
  }

  public Map<String, String> metadata() {
    try {
      return opened.session().getMetadata().getCustomMetadata();
    } catch (OrtException e) {
      throw new IllegalStateException("cannot read model metadata: " + firstLine(e), e);
    }
  }

  /** Runs {@code input} ({@code data} in row-major order, of {@code shape}) through the model. */
  public Map<String, float[][]> run(String input, float[] data, long... shape) {
    try (OnnxTensor tensor =
            OnnxTensor.createTensor(OrtSessions.environment(), FloatBuffer.wrap(data), shape);
        OrtSession.Result result = opened.session().run(Map.of(input, tensor))) {
      Map<String, float[][]> out = new LinkedHashMap<>();
      for (Map.Entry<String, ai.onnxruntime.OnnxValue> e : result) {
        OnnxTensor t = (OnnxTensor) e.getValue();
        long[] s = t.getInfo().getShape();
        int rows = (int) s[0];
        int cols = (int) (Arrays.stream(s).reduce(1, (a, b) -> a * b) / Math.max(1, rows));
        FloatBuffer flat = t.getFloatBuffer();
        float[][] rowsOut = new float[rows][cols];
        for (int r = 0; r < rows; r++) {
          flat.get(rowsOut[r]);
        }
        out.put(e.getKey(), rowsOut);
      }
      return out;
    } catch (OrtException e) {
      throw new IllegalArgumentException("model run failed: " + firstLine(e), e);
    }
  }

  @Override
  public void close() {
    try {
      opened.close();
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }

  static String firstLine(Exception e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
