package io.affectanalyzer.train.eval;

import io.affectanalyzer.runtime.detect.FaceDetection;
import io.affectanalyzer.runtime.model.ModelContract;
import io.affectanalyzer.train.data.Augmentation;
import io.affectanalyzer.train.data.FaceTransform;
import io.affectanalyzer.train.data.ImageDecoder;
import io.affectanalyzer.train.data.RuntimeFaces;
import io.affectanalyzer.train.data.Sample;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Runs exported models (ours, and the mini-Xception peer) over a list of samples in batches: on the
 * pre-cropped pictures as they are, or on the faces the runtime's detector found in them, aligned
 * as the runtime aligns them. A face not found gets no expression (a row of NaN, scored wrong), no
 * AU (all 0) and VA 0.
 */
public final class Inference {
  /** The peer's 7 outputs (angry, disgust, fear, happy, sad, surprise, neutral) as ABAW indices. */
  static final int[] PEER_TO_ABAW = {1, 2, 3, 4, 5, 6, 0};

  static final int PEER_SIZE = 64;

  private static final float[] UNIT_MEAN = {0, 0, 0};
  private static final float[] UNIT_STD = {1, 1, 1};

  private Inference() {}

  /** Our model: input size and normalisation from its metadata. */
  public static ModelOutputs run(OnnxRunner model, List<Sample> samples, int batchSize) {
    Input in = Input.of(model);
    FaceTransform transform = new FaceTransform(in.size, in.mean, in.std, Augmentation.none());
    return runOurs(
        model, in, samples.size(), i -> transform.evaluate(picture(samples, i)), batchSize);
  }

  /** Our model on the runtime's aligned faces; {@code faces} holds null where none was found. */
  public static ModelOutputs runAligned(
      OnnxRunner model, List<Sample> samples, List<FaceDetection> faces, int batchSize) {
    Input in = Input.of(model);
    return runOurs(
        model,
        in,
        samples.size(),
        i ->
            faces.get(i) == null
                ? null
                : RuntimeFaces.align(picture(samples, i), faces.get(i), in.size, in.mean, in.std),
        batchSize);
  }

  /** The peer: {@code [N, 64, 64, 1]} grey in [-1, 1]; its 7 classes mapped to ours ("other" 0). */
  public static ModelOutputs runPeer(OnnxRunner peer, List<Sample> samples, int batchSize) {
    return runPeer(peer, samples.size(), i -> grey(resized(picture(samples, i))), batchSize);
  }

  /** The peer on the runtime's faces, aligned at its 64 px as the runtime would feed it. */
  public static ModelOutputs runPeerAligned(
      OnnxRunner peer, List<Sample> samples, List<FaceDetection> faces, int batchSize) {
    return runPeer(
        peer,
        samples.size(),
        i ->
            faces.get(i) == null
                ? null
                : grey(
                    RuntimeFaces.align(
                        picture(samples, i), faces.get(i), PEER_SIZE, UNIT_MEAN, UNIT_STD)),
        batchSize);
  }

  /** Size and normalisation of an exported model's input. */
  private record Input(int size, float[] mean, float[] std) {
    static Input of(OnnxRunner model) {
      Map<String, String> meta = model.metadata();
      return new Input(
          Integer.parseInt(meta.get(ModelContract.META_INPUT_SIZE)),
          floats(meta.get(ModelContract.META_MEAN)),
          floats(meta.get(ModelContract.META_STD)));
    }
  }

  private static ModelOutputs runOurs(
      OnnxRunner model, Input in, int n, IntFunction<float[]> faces, int batchSize) {
    float[][][] out =
        runBatches(
            n,
            faces,
            3 * in.size * in.size,
            batchSize,
            (batch, k) -> {
              Map<String, float[][]> o =
                  model.run(ModelContract.INPUT, batch, k, 3, in.size, in.size);
              return new float[][][] {
                o.get(ModelContract.EXPR), o.get(ModelContract.AU), o.get(ModelContract.VA)
              };
            });
    return new ModelOutputs(out[0], out[1], out[2]);
  }

  private static ModelOutputs runPeer(
      OnnxRunner peer, int n, IntFunction<float[]> faces, int batchSize) {
    String input = peer.session().getInputNames().iterator().next();
    float[][][] out =
        runBatches(
            n,
            faces,
            PEER_SIZE * PEER_SIZE,
            batchSize,
            (batch, k) -> {
              float[][] rows =
                  peer.run(input, batch, k, PEER_SIZE, PEER_SIZE, 1).values().iterator().next();
              float[][] ours = new float[rows.length][];
              for (int r = 0; r < rows.length; r++) {
                if (rows[r].length != PEER_TO_ABAW.length) {
                  throw new IllegalArgumentException(
                      "peer model gives " + rows[r].length + " outputs, expected 7");
                }
                ours[r] = new float[ModelContract.EXPRESSION_NAMES.size()];
                for (int c = 0; c < rows[r].length; c++) {
                  ours[r][PEER_TO_ABAW[c]] = rows[r][c];
                }
              }
              return new float[][][] {ours, null, null};
            });
    return new ModelOutputs(out[0], null, null);
  }

  /** One batch through a model: its expression, AU and VA rows (null where it has none). */
  private interface BatchRun {
    float[][][] apply(float[] batch, int count);
  }

  /**
   * Packs the present faces into batches, runs them, and puts each output row back at its sample's
   * index; absent faces get NaN expression rows, zero AU and VA rows.
   */
  private static float[][][] runBatches(
      int n, IntFunction<float[]> faces, int each, int batchSize, BatchRun run) {
    float[][][] out = new float[3][][];
    int[] present = new int[batchSize];
    float[] batch = new float[batchSize * each];
    int start = 0;
    while (start < n) {
      int k = 0;
      int next = start;
      for (; next < n && k < batchSize; next++) {
        float[] face = faces.apply(next);
        if (face != null) {
          System.arraycopy(face, 0, batch, k * each, each);
          present[k++] = next;
        }
      }
      if (k > 0) {
        float[][][] rows = run.apply(Arrays.copyOf(batch, k * each), k);
        for (int t = 0; t < 3; t++) {
          if (rows[t] == null) {
            continue;
          }
          if (out[t] == null) {
            out[t] = new float[n][];
          }
          for (int r = 0; r < k; r++) {
            out[t][present[r]] = rows[t][r];
          }
        }
      }
      start = next;
    }
    fillAbsent(out, n);
    return out;
  }

  private static void fillAbsent(float[][][] out, int n) {
    for (int t = 0; t < 3; t++) {
      if (out[t] == null) {
        continue;
      }
      int width =
          Arrays.stream(out[t]).filter(r -> r != null).findFirst().map(r -> r.length).orElse(0);
      for (int i = 0; i < n; i++) {
        if (out[t][i] == null) {
          out[t][i] = new float[width];
          if (t == 0) {
            Arrays.fill(out[t][i], Float.NaN);
          }
        }
      }
    }
  }

  private static BufferedImage picture(List<Sample> samples, int i) {
    return ImageDecoder.decodeRgb(samples.get(i).image());
  }

  /** Resized to the peer's 64 px, bilinear, planar RGB in [0, 1]. */
  private static float[] resized(BufferedImage image) {
    BufferedImage small = new BufferedImage(PEER_SIZE, PEER_SIZE, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = small.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(image, 0, 0, PEER_SIZE, PEER_SIZE, null);
    } finally {
      g.dispose();
    }
    int plane = PEER_SIZE * PEER_SIZE;
    int[] argb = small.getRGB(0, 0, PEER_SIZE, PEER_SIZE, null, 0, PEER_SIZE);
    float[] chw = new float[3 * plane];
    for (int i = 0; i < plane; i++) {
      chw[i] = ((argb[i] >> 16) & 0xff) / 255f;
      chw[plane + i] = ((argb[i] >> 8) & 0xff) / 255f;
      chw[2 * plane + i] = (argb[i] & 0xff) / 255f;
    }
    return chw;
  }

  /** Planar RGB in [0, 1] to the peer's luma in [-1, 1], HWC with one channel. */
  static float[] grey(float[] chw) {
    int plane = chw.length / 3;
    float[] out = new float[plane];
    for (int i = 0; i < plane; i++) {
      float luma = 0.299f * chw[i] + 0.587f * chw[plane + i] + 0.114f * chw[2 * plane + i];
      out[i] = 2 * luma - 1f;
    }
    return out;
  }

  static float[] floats(String csv) {
    String[] parts = csv.split(",");
    float[] out = new float[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = Float.parseFloat(parts[i].strip());
    }
    return out;
  }
}
