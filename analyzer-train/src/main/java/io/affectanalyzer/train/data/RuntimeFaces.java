package io.affectanalyzer.train.data;

import io.affectanalyzer.runtime.align.FaceAligner;
import io.affectanalyzer.runtime.detect.BorderRetry;
import io.affectanalyzer.runtime.detect.FaceDetection;
import io.affectanalyzer.runtime.detect.TwoPassBlazeFaceDetector;
import io.affectanalyzer.runtime.frame.Image;
import io.affectanalyzer.runtime.onnx.OrtSessions;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Optional;

/**
 * Faces as {@code analyzer run} sees a folder of pictures: the runtime's default detector
 * (BlazeFace, two passes) on the whole picture, again with a border when it finds nothing ({@link
 * BorderRetry}), then the runtime's 4-point similarity warp. Used to score models on what they will
 * be fed in use ({@code eval --through-pipeline}) and to train on it ({@code align-faces}). Owns
 * the detector's ONNX Runtime sessions.
 */
public final class RuntimeFaces implements AutoCloseable {
  private final TwoPassBlazeFaceDetector detector;

  private RuntimeFaces(TwoPassBlazeFaceDetector detector) {
    this.detector = detector;
  }

  /** The default detector on the CPU, one thread. */
  public static RuntimeFaces open() {
    return new RuntimeFaces(TwoPassBlazeFaceDetector.open(OrtSessions.Options.cpu(1)));
  }

  /** The largest face found (the one a user reads, as the timeline does); empty when none. */
  public Optional<FaceDetection> largest(BufferedImage picture) {
    List<FaceDetection> faces = BorderRetry.detect(detector, toImage(picture));
    return faces.stream().max((a, b) -> Float.compare(a.size(), b.size()));
  }

  /**
   * {@code face} of {@code picture} warped onto the runtime's template at {@code size} pixels,
   * planar RGB, {@code (v/255 - mean) / std}: exactly the model input that the pipeline makes.
   */
  public static float[] align(
      BufferedImage picture, FaceDetection face, int size, float[] mean, float[] std) {
    FaceAligner aligner = new FaceAligner(size, true, mean, std);
    FloatBuffer out = FloatBuffer.allocate(aligner.floatsPerFace());
    aligner.align(toImage(picture), face, out, 0);
    return out.array();
  }

  /** The aligned face as a picture, for writing aligned copies of a data set. */
  public static BufferedImage alignToPicture(BufferedImage picture, FaceDetection face, int size) {
    float[] chw = align(picture, face, size, new float[] {0, 0, 0}, new float[] {1, 1, 1});
    BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    int plane = size * size;
    for (int i = 0; i < plane; i++) {
      int r = byteOf(chw[i]);
      int g = byteOf(chw[plane + i]);
      int b = byteOf(chw[2 * plane + i]);
      out.setRGB(i % size, i / size, (r << 16) | (g << 8) | b);
    }
    return out;
  }

  /** The runtime's frame: packed BGR bytes. */
  static Image toImage(BufferedImage picture) {
    int w = picture.getWidth();
    int h = picture.getHeight();
    int[] argb = picture.getRGB(0, 0, w, h, null, 0, w);
    byte[] bgr = new byte[3 * w * h];
    for (int i = 0; i < argb.length; i++) {
      bgr[3 * i] = (byte) argb[i];
      bgr[3 * i + 1] = (byte) (argb[i] >> 8);
      bgr[3 * i + 2] = (byte) (argb[i] >> 16);
    }
    return new Image(w, h, bgr);
  }

  private static int byteOf(float unit) {
    return Math.max(0, Math.min(255, Math.round(unit * 255f)));
  }

  @Override
  public void close() {
    detector.close();
  }
}
