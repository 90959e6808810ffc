package io.affectanalyzer.runtime.detect;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.affectanalyzer.runtime.frame.Image;
import io.affectanalyzer.runtime.onnx.OrtSessions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenCV's YuNet face detector (a user-supplied ONNX file with dynamic input size). Pictures wider
 * or taller than {@link #MAX_SIDE} are scaled down first; the input is BGR 0-255, NCHW, padded
 * right and bottom to a multiple of 32. Each stride's outputs give per cell a class and an
 * objectness score (face score = sqrt(cls * obj)), a box (centre offset in cells, log size) and
 * five points (eyes, nose, mouth corners), which map onto {@link FaceDetection}'s six.
 *
 * <p>Tensors are bound to direct buffers owned here and rebuilt only when the padded size changes
 * (a video keeps one size).
 */
public final class YuNetDetector implements FaceDetector {
  public static final int MAX_SIDE = 640;
  public static final float DEFAULT_MIN_SCORE = 0.6f;
  private static final int[] STRIDES = {8, 16, 32};
  private static final float NMS_IOU = 0.3f;

  private final Path file;
  private final float minScore;
  private final OrtSessions.Opened opened;
  private final String inputName;
  private final Resampler resampler = new Resampler(false, 1f, 0f);
  private final GreedyNms nms = new GreedyNms(NMS_IOU);

  private int padW;
  private int padH;
  private FloatBuffer input;
  private final Map<String, OnnxTensor> inputs = new HashMap<>();
  private final Map<String, OnnxTensor> outputs = new HashMap<>();
  private final FloatBuffer[] cls = new FloatBuffer[3];
  private final FloatBuffer[] obj = new FloatBuffer[3];
  private final FloatBuffer[] bbox = new FloatBuffer[3];
  private final FloatBuffer[] kps = new FloatBuffer[3];

  private YuNetDetector(Path file, float minScore, OrtSessions.Opened opened, String inputName) {
    this.file = file;
    this.minScore = minScore;
    this.opened = opened;
    this.inputName = inputName;
  }

  /**
   * Opens a YuNet model file.
   *
   * @throws IllegalArgumentException naming the file when it is missing or not a YuNet model
   */
  public static YuNetDetector open(Path onnx, float minScore, OrtSessions.Options options) {
    if (!Files.isRegularFile(onnx)) {
      throw new IllegalArgumentException("YuNet model " + onnx + " does not exist");
    }
    OrtSessions.Opened opened;
    try {
      opened = OrtSessions.open(null, onnx.toString(), "YuNet " + onnx.getFileName(), options);
    } catch (OrtException e) {
      throw new IllegalArgumentException(
          "YuNet model " + onnx + " is not a loadable ONNX model (" + firstLine(e) + ")");
    }
    try {
      String input = check(onnx, opened.session());
      return new YuNetDetector(onnx, minScore, opened, input);
    } catch (RuntimeException | OrtException e) {
      try {
        opened.close();
      } catch (OrtException ignored) {
        // dropping it anyway
      }
      if (e instanceof IllegalArgumentException iae) {
        throw iae;
      }
      throw new IllegalArgumentException("YuNet model " + onnx + ": " + firstLine(e));
    }
  }

  private static String check(Path onnx, OrtSession session) throws OrtException {
    Map<String, NodeInfo> in = session.getInputInfo();
    if (in.size() != 1) {
      throw new IllegalArgumentException(
          "YuNet model " + onnx + " is not a YuNet model: it has " + in.size() + " inputs, not 1");
    }
    Map.Entry<String, NodeInfo> entry = in.entrySet().iterator().next();
    long[] shape = ((TensorInfo) entry.getValue().getInfo()).getShape();
    if (shape.length != 4 || shape[1] != 3) {
      throw new IllegalArgumentException(
          "YuNet model " + onnx + " is not a YuNet model: its input is not [N, 3, H, W]");
    }
    Map<String, NodeInfo> out = session.getOutputInfo();
    for (String head : new String[] {"cls", "obj", "bbox", "kps"}) {
      for (int s : STRIDES) {
        if (!out.containsKey(head + "_" + s)) {
          throw new IllegalArgumentException(
              "YuNet model " + onnx + " is not a YuNet model: no output " + head + "_" + s);
        }
      }
    }
    return entry.getKey();
  }

  private static String firstLine(Exception e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  public String provider() {
    return opened.provider();
  }

  @Override
  public List<FaceDetection> detect(Image image) {
    float scale = Math.min(1f, (float) MAX_SIDE / Math.max(image.width(), image.height()));
    int cw = Math.max(1, Math.round(image.width() * scale));
    int ch = Math.max(1, Math.round(image.height() * scale));
    bind((cw + 31) / 32 * 32, (ch + 31) / 32 * 32);
    resampler.fill(image, scale, 0, 0, padW, padH, input, 1, padW * padH);
    try (OrtSession.Result result = opened.session().run(inputs, outputs)) {
      return decode(scale);
    } catch (OrtException e) {
      throw new IllegalStateException("YuNet inference failed: " + firstLine(e));
    }
  }

  private List<FaceDetection> decode(float scale) {
    List<FaceDetection> candidates = new ArrayList<>();
    float inv = 1f / scale;
    for (int si = 0; si < STRIDES.length; si++) {
      int stride = STRIDES[si];
      int cols = padW / stride;
      int rows = padH / stride;
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
          int i = r * cols + c;
          float clsScore = clamp01(cls[si].get(i));
          float objScore = clamp01(obj[si].get(i));
          float score = (float) Math.sqrt(clsScore * objScore);
          if (score < minScore) {
            continue;
          }
          float cx = (c + bbox[si].get(4 * i)) * stride;
          float cy = (r + bbox[si].get(4 * i + 1)) * stride;
          float w = (float) Math.exp(bbox[si].get(4 * i + 2)) * stride;
          float h = (float) Math.exp(bbox[si].get(4 * i + 3)) * stride;
          float[] p = new float[2 * FaceDetection.KEYPOINTS];
          // YuNet: right eye, left eye, nose, right mouth corner, left mouth corner.
          for (int k = 0; k < 3; k++) {
            p[2 * k] = (kps[si].get(10 * i + 2 * k) + c) * stride * inv;
            p[2 * k + 1] = (kps[si].get(10 * i + 2 * k + 1) + r) * stride * inv;
          }
          float mx = (kps[si].get(10 * i + 6) + kps[si].get(10 * i + 8)) / 2 + c;
          float my = (kps[si].get(10 * i + 7) + kps[si].get(10 * i + 9)) / 2 + r;
          p[2 * FaceDetection.MOUTH] = mx * stride * inv;
          p[2 * FaceDetection.MOUTH + 1] = my * stride * inv;
          for (int k = 2 * FaceDetection.RIGHT_EAR; k < p.length; k++) {
            p[k] = Float.NaN;
          }
          candidates.add(
              new FaceDetection(
                  (cx - w / 2) * inv, (cy - h / 2) * inv, w * inv, h * inv, score, p));
        }
      }
    }
    return nms.nms(candidates);
  }

  private static float clamp01(float v) {
    return v < 0 ? 0 : Math.min(1, v);
  }

  /** (Re)creates the tensors for a padded input size; a steady stream keeps them. */
  private void bind(int w, int h) {
    if (w == padW && h == padH) {
      return;
    }
    closeTensors();
    try {
      var env = OrtSessions.environment();
      input = direct(3 * w * h);
      inputs.put(inputName, OnnxTensor.createTensor(env, input, new long[] {1, 3, h, w}));
      for (int si = 0; si < STRIDES.length; si++) {
        int s = STRIDES[si];
        int n = (w / s) * (h / s);
        cls[si] = output(env, "cls_" + s, n, 1);
        obj[si] = output(env, "obj_" + s, n, 1);
        bbox[si] = output(env, "bbox_" + s, n, 4);
        kps[si] = output(env, "kps_" + s, n, 10);
      }
    } catch (OrtException e) {
      throw new IllegalStateException("YuNet tensors for " + w + "x" + h + ": " + firstLine(e));
    }
    padW = w;
    padH = h;
  }

  private FloatBuffer output(OrtEnvironment env, String name, int n, int k) throws OrtException {
    FloatBuffer b = direct(n * k);
    outputs.put(name, OnnxTensor.createTensor(env, b, new long[] {1, n, k}));
    return b;
  }

  private static FloatBuffer direct(int floats) {
    return ByteBuffer.allocateDirect(floats * Float.BYTES)
        .order(ByteOrder.nativeOrder())
        .asFloatBuffer();
  }

  private void closeTensors() {
    inputs.values().forEach(OnnxTensor::close);
    outputs.values().forEach(OnnxTensor::close);
    inputs.clear();
    outputs.clear();
    padW = 0;
    padH = 0;
  }

  @Override
  public void close() {
    closeTensors();
    try {
      opened.close();
    } catch (OrtException e) {
      throw new IllegalStateException("closing YuNet session for " + file + ": " + e.getMessage());
    }
  }
}
