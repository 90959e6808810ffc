package io.affectanalyzer.runtime.detect;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.affectanalyzer.runtime.frame.Image;
import io.affectanalyzer.runtime.onnx.OrtSessions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MediaPipe BlazeFace on ONNX Runtime. The picture is letterboxed (aspect kept, centred, black
 * bars) into the square input, RGB scaled to [-1, 1], NHWC. Input and output tensors wrap direct
 * buffers this detector owns and reuses, so a frame costs one copy in and one copy out.
 */
public final class BlazeFaceDetector implements FaceDetector {
  /** The two BlazeFace models the build bundles. */
  public enum Variant {
    /** Short range (faces within ~2 m, selfie-like), 128x128 input. */
    FRONT_128("detectors/blazeface_front_128.onnx", 128, new int[] {8, 16, 16, 16}),
    /** Full range ("back camera"), 256x256 input: smaller faces, group shots. */
    BACK_256("detectors/blazeface_back_256.onnx", 256, new int[] {16, 32, 32, 32});

    final String resource;
    final int inputSize;
    final int[] strides;

    Variant(String resource, int inputSize, int[] strides) {
      this.resource = resource;
      this.inputSize = inputSize;
      this.strides = strides;
    }

    public int inputSize() {
      return inputSize;
    }

    /** Anchor centres of this variant (see {@link SsdAnchors}). */
    public float[] anchors() {
      return SsdAnchors.generate(inputSize, strides, 0.5f);
    }
  }

  /**
   * MediaPipe's score threshold. One variant alone is not the default detector: see {@link
   * TwoPassBlazeFaceDetector}.
   */
  public static final float DEFAULT_MIN_SCORE = 0.5f;

  private final Variant variant;
  private final float minScore;
  private final OrtSessions.Opened opened;
  private final String inputName;
  private final FloatBuffer input;
  private final OnnxTensor inputTensor;
  private final Map<String, OnnxTensor> inputs;

  /** Output tensors bound to our own buffers, in anchor order: scores then boxes per grid. */
  private final Map<String, OnnxTensor> outputs = new LinkedHashMap<>();

  private final FloatBuffer[] scoreBuffers;
  private final FloatBuffer[] boxBuffers;
  private final float[] logits;
  private final float[] raw;
  // [-1, 1] as MediaPipe feeds it; [0, 1] scored a real face lower and a cartoon letter higher.
  private final Resampler resampler = new Resampler(true, 2f / 255f, -1f);
  private final BlazeFaceDecoder decoder;
  private final WeightedNms nms = new WeightedNms();

  private BlazeFaceDetector(Variant variant, float minScore, OrtSessions.Opened opened)
      throws OrtException {
    this.variant = variant;
    this.minScore = minScore;
    this.opened = opened;
    OrtSession session = opened.session();
    int s = variant.inputSize;
    inputName = session.getInputNames().iterator().next();
    long[] inShape = ((TensorInfo) session.getInputInfo().get(inputName).getInfo()).getShape();
    if (!Arrays.equals(inShape, new long[] {1, s, s, 3})) {
      throw new IllegalArgumentException(
          String.format(
              "%s: expected input [1,%d,%d,3], found %s",
              variant.resource, s, s, Arrays.toString(inShape)));
    }
    input = direct(s * s * 3);
    var env = OrtSessions.environment();
    inputTensor = OnnxTensor.createTensor(env, input, inShape);
    inputs = Map.of(inputName, inputTensor);

    // Outputs: [1, n, 1] scores and [1, n, 16] boxes for each of the two grids, larger grid first.
    List<Map.Entry<String, long[]>> scores = new ArrayList<>();
    List<Map.Entry<String, long[]>> boxes = new ArrayList<>();
    for (Map.Entry<String, NodeInfo> e : session.getOutputInfo().entrySet()) {
      long[] shape = ((TensorInfo) e.getValue().getInfo()).getShape();
      if (shape.length == 3 && shape[2] == 1) {
        scores.add(Map.entry(e.getKey(), shape));
      } else if (shape.length == 3 && shape[2] == BlazeFaceDecoder.VALUES_PER_ANCHOR) {
        boxes.add(Map.entry(e.getKey(), shape));
      }
    }
    scores.sort((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]));
    boxes.sort((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]));
    int anchors = SsdAnchors.count(s, variant.strides);
    long scoreTotal = scores.stream().mapToLong(e -> e.getValue()[1]).sum();
    long boxTotal = boxes.stream().mapToLong(e -> e.getValue()[1]).sum();
    if (scoreTotal != anchors || boxTotal != anchors) {
      throw new IllegalArgumentException(
          variant.resource + ": outputs do not cover the " + anchors + " BlazeFace anchors");
    }
    scoreBuffers = new FloatBuffer[scores.size()];
    boxBuffers = new FloatBuffer[boxes.size()];
    for (int i = 0; i < scores.size(); i++) {
      scoreBuffers[i] = bind(scores.get(i));
    }
    for (int i = 0; i < boxes.size(); i++) {
      boxBuffers[i] = bind(boxes.get(i));
    }
    logits = new float[anchors];
    raw = new float[anchors * BlazeFaceDecoder.VALUES_PER_ANCHOR];
    decoder = new BlazeFaceDecoder(variant.anchors(), s);
  }

  private FloatBuffer bind(Map.Entry<String, long[]> output) throws OrtException {
    long[] shape = output.getValue();
    FloatBuffer buffer = direct((int) (shape[1] * shape[2]));
    outputs.put(output.getKey(), OnnxTensor.createTensor(OrtSessions.environment(), buffer, shape));
    return buffer;
  }

  private static FloatBuffer direct(int floats) {
    return ByteBuffer.allocateDirect(floats * Float.BYTES)
        .order(ByteOrder.nativeOrder())
        .asFloatBuffer();
  }

  /**
   * Opens the bundled model of {@code variant}.
   *
   * @param minScore faces scoring below are dropped, in [0, 1] (MediaPipe uses 0.5)
   */
  public static BlazeFaceDetector open(
      Variant variant, float minScore, OrtSessions.Options options) {
    byte[] model;
    try (InputStream in =
        BlazeFaceDetector.class.getClassLoader().getResourceAsStream(variant.resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "BlazeFace model "
                + variant.resource
                + " is not on the classpath (the build fetches it: mvn generate-resources)");
      }
      model = in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + variant.resource + ": " + e.getMessage());
    }
    OrtSessions.Opened opened;
    try {
      opened = OrtSessions.open(model, null, "BlazeFace " + variant, options);
    } catch (OrtException e) {
      throw new IllegalStateException(
          "cannot open BlazeFace model " + variant.resource + ": " + e.getMessage());
    }
    try {
      return new BlazeFaceDetector(variant, minScore, opened);
    } catch (OrtException | RuntimeException e) {
      try {
        opened.close();
      } catch (OrtException ignored) {
        // the session is being dropped anyway
      }
      if (e instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(variant.resource + ": " + e.getMessage());
    }
  }

  public Variant variant() {
    return variant;
  }

  /** "CUDA" or "CPU". */
  public String provider() {
    return opened.provider();
  }

  @Override
  public List<FaceDetection> detect(Image image) {
    return detectIn(image, 0, 0, image.width(), image.height());
  }

  /**
   * Faces within the region {@code (x, y, width, height)} of {@code image} (it may reach past the
   * edges; what lies outside the picture is black), letterboxed into the model's input, in image
   * coordinates. Used to look again, closer, at a face another pass proposed.
   */
  public List<FaceDetection> detectIn(Image image, float x, float y, float width, float height) {
    if (!(width > 0 && height > 0)) {
      throw new IllegalArgumentException(
          "region must have a positive size: " + width + "x" + height);
    }
    int s = variant.inputSize;
    float scale = s / Math.max(width, height);
    float offX = (s - width * scale) / 2 - x * scale;
    float offY = (s - height * scale) / 2 - y * scale;
    resampler.fill(image, scale, offX, offY, s, s, input, 3, 1);
    try (OrtSession.Result result = opened.session().run(inputs, outputs)) {
      copyOut();
    } catch (OrtException e) {
      throw new IllegalStateException("BlazeFace inference failed: " + e.getMessage());
    }
    List<FaceDetection> faces = nms.nms(decoder.decode(raw, logits, minScore));
    List<FaceDetection> out = new ArrayList<>(faces.size());
    for (FaceDetection f : faces) {
      out.add(toImage(f, scale, offX, offY));
    }
    return out;
  }

  private void copyOut() {
    int n = 0;
    for (FloatBuffer b : scoreBuffers) {
      b.get(0, logits, n, b.capacity());
      n += b.capacity();
    }
    n = 0;
    for (FloatBuffer b : boxBuffers) {
      b.get(0, raw, n, b.capacity());
      n += b.capacity();
    }
  }

  private static FaceDetection toImage(FaceDetection f, float scale, float padX, float padY) {
    float inv = 1f / scale;
    float[] kps = f.keypoints();
    for (int k = 0; k < kps.length; k += 2) {
      kps[k] = (kps[k] - padX) * inv;
      kps[k + 1] = (kps[k + 1] - padY) * inv;
    }
    return new FaceDetection(
        (f.x() - padX) * inv,
        (f.y() - padY) * inv,
        f.width() * inv,
        f.height() * inv,
        f.score(),
        kps);
  }

  @Override
  public void close() {
    inputTensor.close();
    outputs.values().forEach(OnnxTensor::close);
    try {
      opened.close();
    } catch (OrtException e) {
      throw new IllegalStateException("closing BlazeFace session: " + e.getMessage());
    }
  }
}
