package io.affectanalyzer.runtime.align;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affectanalyzer.runtime.detect.BlazeFaceDetector;
import io.affectanalyzer.runtime.detect.FaceDetection;
import io.affectanalyzer.runtime.detect.TwoPassBlazeFaceDetector;
import io.affectanalyzer.runtime.frame.Image;
import io.affectanalyzer.runtime.onnx.OrtSessions;
import io.affectanalyzer.runtime.testing.DecodedMedia;
import io.affectanalyzer.runtime.testing.SharedData;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaceAlignerTest {
  private static Image solid(int w, int h, int b, int g, int r) {
    byte[] px = new byte[w * h * 3];
    for (int i = 0; i < w * h; i++) {
      px[3 * i] = (byte) b;
      px[3 * i + 1] = (byte) g;
      px[3 * i + 2] = (byte) r;
    }
    return new Image(w, h, px);
  }

  /** A face whose four points are the template's, taken back through {@code t}. */
  private static FaceDetection faceFor(FaceAligner aligner, Similarity t) {
    float[] tp = aligner.templatePoints();
    double det = t.a() * t.a() + t.b() * t.b();
    float[] kps = new float[12];
    Arrays.fill(kps, Float.NaN);
    for (int i = 0; i < FaceAligner.POINTS; i++) {
      double qx = tp[2 * i] - t.tx();
      double qy = tp[2 * i + 1] - t.ty();
      kps[2 * i] = (float) ((t.a() * qx + t.b() * qy) / det);
      kps[2 * i + 1] = (float) ((-t.b() * qx + t.a() * qy) / det);
    }
    return new FaceDetection(0, 0, 1, 1, 1, kps);
  }

  @Test
  void shouldRecoverTheSimilarityThatPlacedTheFace() {
    FaceAligner aligner = new FaceAligner();
    Similarity truth = Similarity.of(0.37, 0.4, -55.5, 21.25);
    Similarity fit = aligner.transform(faceFor(aligner, truth));
    assertEquals(truth.scale(), fit.scale(), 1e-4);
    assertEquals(truth.rotation(), fit.rotation(), 1e-4);
    assertEquals(truth.tx(), fit.tx(), 1e-4);
    assertEquals(truth.ty(), fit.ty(), 1e-4);
  }

  @Test
  void shouldScaleTheTemplateToTheOutputSideAndKeepItSymmetric() {
    float[] small = new FaceAligner().templatePoints();
    float[] big = new FaceAligner(224, true, new float[3], new float[] {1, 1, 1}).templatePoints();
    for (int i = 0; i < small.length; i++) {
      assertEquals(small[i] * 2, big[i], 1e-4);
    }
    assertEquals(112 - small[0], small[2], 1e-4); // eyes mirror each other
    assertEquals(small[1], small[3], 1e-6);
    assertTrue(small[1] < small[5] && small[5] < small[7]); // eyes, nose, mouth downwards
  }

  @Test
  void shouldWritePlanesInTheChosenOrderAndNormalisation() {
    Image img = solid(400, 300, 10, 120, 250); // B, G, R
    float[] mean = {0.5f, 0.4f, 0.3f};
    float[] std = {0.2f, 0.25f, 0.5f};
    FaceAligner rgb = new FaceAligner(32, true, mean, std);
    FaceAligner bgr = new FaceAligner(32, false, mean, std);
    FaceDetection centred = faceFor(rgb, Similarity.of(0.2, 0.1, -20, -10));
    FloatBuffer out = FloatBuffer.allocate(rgb.floatsPerFace());
    rgb.align(img, centred, out, 0);
    int plane = 32 * 32;
    int[] rgbValues = {250, 120, 10};
    for (int c = 0; c < 3; c++) {
      float want = (rgbValues[c] / 255f - mean[c]) / std[c];
      for (int p = 0; p < plane; p++) {
        assertEquals(want, out.get(c * plane + p), 1e-5, "rgb plane " + c);
      }
    }
    bgr.align(img, faceFor(bgr, Similarity.of(0.2, 0.1, -20, -10)), out, 0);
    int[] bgrValues = {10, 120, 250};
    for (int c = 0; c < 3; c++) {
      float want = (bgrValues[c] / 255f - mean[c]) / std[c];
      assertEquals(want, out.get(c * plane + 17 * 32 + 5), 1e-5, "bgr plane " + c);
    }
  }

  @Test
  void shouldFillWhatLiesOutsideThePictureWithBlackAndWriteOnlyItsOwnSlot() {
    Image img = solid(40, 40, 200, 200, 200);
    float[] mean = {0.1f, 0.2f, 0.3f};
    float[] std = {0.5f, 0.5f, 0.5f};
    FaceAligner aligner = new FaceAligner(16, true, mean, std);
    // Scale 1: the 16x16 crop starts at image (30, 30), so its right and bottom part is outside.
    FaceDetection corner = faceFor(aligner, Similarity.of(1, 0, -30, -30));
    FloatBuffer out = FloatBuffer.allocate(3 * aligner.floatsPerFace());
    for (int i = 0; i < out.capacity(); i++) {
      out.put(i, Float.NaN);
    }
    int slot = aligner.floatsPerFace();
    aligner.align(img, corner, out, slot);
    assertTrue(Float.isNaN(out.get(slot - 1)) && Float.isNaN(out.get(2 * slot)));
    assertEquals((200 / 255f - 0.1f) / 0.5f, out.get(slot), 1e-5); // (0,0) -> image (30,30)
    assertEquals(-0.1f / 0.5f, out.get(slot + 15 * 16 + 15), 1e-5); // image (45,45): black
    assertEquals(-0.3f / 0.5f, out.get(slot + 2 * 256 + 15 * 16 + 15), 1e-5);
    for (int i = slot; i < 2 * slot; i++) {
      assertFalse(Float.isNaN(out.get(i)));
    }
  }

  @Test
  void shouldPutTheEyesOfRealFacesOnTheTemplatesEyes() throws Exception {
    List<Image> pictures =
        new ArrayList<>(
            DecodedMedia.frames(SharedData.require("videos/WolfgangLanger_Pexels.mp4"), 40));
    pictures.add(DecodedMedia.image(SharedData.require("images/multi_face.jpg")));
    FaceAligner aligner = new FaceAligner();
    float[] tp = aligner.templatePoints();
    float tolerance = 0.08f * aligner.size();
    float worst = 0;
    int faces = 0;
    try (TwoPassBlazeFaceDetector detector =
            TwoPassBlazeFaceDetector.open(OrtSessions.Options.cpu(1));
        BlazeFaceDetector again =
            BlazeFaceDetector.open(
                BlazeFaceDetector.Variant.FRONT_128, 0.5f, OrtSessions.Options.cpu(1))) {
      for (Image picture : pictures) {
        for (FaceDetection face : detector.detect(picture)) {
          Image crop = aligner.alignToImage(picture, face);
          List<FaceDetection> found = again.detect(crop);
          assertEquals(1, found.size(), "one face in the aligned crop");
          FaceDetection f = found.get(0);
          for (int eye = 0; eye < 2; eye++) {
            float err =
                (float)
                    Math.hypot(f.keypointX(eye) - tp[2 * eye], f.keypointY(eye) - tp[2 * eye + 1]);
            worst = Math.max(worst, err);
          }
          faces++;
        }
      }
    }
    System.out.printf(
        "aligned %d real faces: worst eye error %.2f px of %d (%.1f%%)%n",
        faces, worst, aligner.size(), 100 * worst / aligner.size());
    assertEquals(pictures.size() - 1 + 5, faces);
    assertTrue(worst < tolerance, "worst eye error " + worst);
  }

  @Test
  void shouldAllocateAlmostNothingPerFace() {
    Image img = solid(640, 360, 1, 2, 3);
    FaceAligner aligner = new FaceAligner();
    FaceDetection face = faceFor(aligner, Similarity.of(0.5, 0.2, -100, -40));
    FloatBuffer out = FloatBuffer.allocate(aligner.floatsPerFace());
    var threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    for (int i = 0; i < 200; i++) {
      aligner.align(img, face, out, 0);
    }
    long before = threads.getThreadAllocatedBytes(id);
    int calls = 500;
    for (int i = 0; i < calls; i++) {
      aligner.align(img, face, out, 0);
    }
    long perCall = (threads.getThreadAllocatedBytes(id) - before) / calls;
    // The transform record at most; a 112x112 scratch image would be tens of kilobytes.
    assertTrue(perCall < 256, perCall + " bytes per aligned face");
  }

  @Test
  void shouldDrawTheSameCropAsTheFloatPath() throws Exception {
    Image img = DecodedMedia.image(SharedData.require("images/single_face.jpg"));
    FaceAligner aligner = new FaceAligner(64, false, new float[3], new float[] {1, 1, 1});
    try (TwoPassBlazeFaceDetector detector =
        TwoPassBlazeFaceDetector.open(OrtSessions.Options.cpu(1))) {
      FaceDetection face = detector.detect(img).get(0);
      FloatBuffer planes = FloatBuffer.allocate(aligner.floatsPerFace());
      aligner.align(img, face, planes, 0);
      Image crop = aligner.alignToImage(img, face);
      int plane = 64 * 64;
      for (int p = 0; p < plane; p += 97) {
        for (int c = 0; c < 3; c++) {
          assertEquals(planes.get(c * plane + p) * 255f, crop.bgr()[3 * p + c] & 0xff, 0.51f);
        }
      }
      assertEquals(aligner.transform(face), aligner.lastTransform());
    }
  }
}
