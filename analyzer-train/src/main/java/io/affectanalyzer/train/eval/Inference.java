package io.affectanalyzer.train.eval;

import io.affectanalyzer.runtime.model.ModelContract;
import io.affectanalyzer.train.data.Augmentation;
import io.affectanalyzer.train.data.FaceTransform;
import io.affectanalyzer.train.data.ImageDecoder;
import io.affectanalyzer.train.data.Sample;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Runs exported models (ours, and the mini-Xception peer) over a list of samples in batches. */
public final class Inference {
  /** The peer's 7 outputs (angry, disgust, fear, happy, sad, surprise, neutral) as ABAW indices. */
  static final int[] PEER_TO_ABAW = {1, 2, 3, 4, 5, 6, 0};

  static final int PEER_SIZE = 64;

  private Inference() {}

  /** Our model: input size and normalisation from its metadata. */
  public static ModelOutputs run(OnnxRunner model, List<Sample> samples, int batchSize) {
    Map<String, String> meta = model.metadata();
    int size = Integer.parseInt(meta.get(ModelContract.META_INPUT_SIZE));
    FaceTransform transform =
        new FaceTransform(
            size,
            floats(meta.get(ModelContract.META_MEAN)),
            floats(meta.get(ModelContract.META_STD)),
            Augmentation.none());
    int each = 3 * size * size;
    List<float[]> expr = new ArrayList<>();
    List<float[]> au = new ArrayList<>();
    List<float[]> va = new ArrayList<>();
    for (int start = 0; start < samples.size(); start += batchSize) {
      int n = Math.min(batchSize, samples.size() - start);
      float[] batch = new float[n * each];
      for (int i = 0; i < n; i++) {
        float[] face = transform.evaluate(ImageDecoder.decodeRgb(samples.get(start + i).image()));
        System.arraycopy(face, 0, batch, i * each, each);
      }
      Map<String, float[][]> out = model.run(ModelContract.INPUT, batch, n, 3, size, size);
      addAll(expr, out.get(ModelContract.EXPR));
      addAll(au, out.get(ModelContract.AU));
      addAll(va, out.get(ModelContract.VA));
    }
    return new ModelOutputs(rows(expr), rows(au), rows(va));
  }

  /** The peer: {@code [N, 64, 64, 1]} grey in [-1, 1]; its 7 classes mapped to ours ("other" 0). */
  public static ModelOutputs runPeer(OnnxRunner peer, List<Sample> samples, int batchSize) {
    String input = peer.session().getInputNames().iterator().next();
    int each = PEER_SIZE * PEER_SIZE;
    List<float[]> expr = new ArrayList<>();
    for (int start = 0; start < samples.size(); start += batchSize) {
      int n = Math.min(batchSize, samples.size() - start);
      float[] batch = new float[n * each];
      for (int i = 0; i < n; i++) {
        grey(ImageDecoder.decodeRgb(samples.get(start + i).image()), batch, i * each);
      }
      float[][] out = peer.run(input, batch, n, PEER_SIZE, PEER_SIZE, 1).values().iterator().next();
      for (float[] row : out) {
        if (row.length != PEER_TO_ABAW.length) {
          throw new IllegalArgumentException(
              "peer model gives " + row.length + " outputs, expected 7");
        }
        float[] ours = new float[ModelContract.EXPRESSION_NAMES.size()];
        for (int k = 0; k < row.length; k++) {
          ours[PEER_TO_ABAW[k]] = row[k];
        }
        expr.add(ours);
      }
    }
    return new ModelOutputs(rows(expr), null, null);
  }

  /** Resized to 64 px, luma, scaled to [-1, 1], HWC with one channel. */
  static void grey(BufferedImage image, float[] out, int offset) {
    BufferedImage small = new BufferedImage(PEER_SIZE, PEER_SIZE, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = small.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(image, 0, 0, PEER_SIZE, PEER_SIZE, null);
    } finally {
      g.dispose();
    }
    int[] argb = small.getRGB(0, 0, PEER_SIZE, PEER_SIZE, null, 0, PEER_SIZE);
    for (int i = 0; i < argb.length; i++) {
      int p = argb[i];
      float luma = 0.299f * ((p >> 16) & 0xff) + 0.587f * ((p >> 8) & 0xff) + 0.114f * (p & 0xff);
      out[offset + i] = luma / 127.5f - 1f;
    }
  }

  static float[] floats(String csv) {
    String[] parts = csv.split(",");
    float[] out = new float[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = Float.parseFloat(parts[i].strip());
    }
    return out;
  }

  private static void addAll(List<float[]> into, float[][] rows) {
    if (rows != null) {
      into.addAll(Arrays.asList(rows));
    }
  }

  private static float[][] rows(List<float[]> list) {
    return list.isEmpty() ? null : list.toArray(new float[0][]);
  }
}
