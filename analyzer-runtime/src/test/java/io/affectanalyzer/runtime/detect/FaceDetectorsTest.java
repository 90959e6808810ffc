package io.affectanalyzer.runtime.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affectanalyzer.runtime.onnx.OrtSessions;
import io.affectanalyzer.runtime.testing.SharedData;
import org.junit.jupiter.api.Test;

class FaceDetectorsTest {
  private static final OrtSessions.Options CPU = OrtSessions.Options.cpu(1);

  @Test
  void shouldOpenEachNamedDetector() {
    try (FaceDetector d = FaceDetectors.open(FaceDetectors.DEFAULT, CPU)) {
      assertInstanceOf(TwoPassBlazeFaceDetector.class, d);
    }
    try (FaceDetector d = FaceDetectors.open("blazeface-front128", CPU)) {
      assertEquals(
          BlazeFaceDetector.Variant.FRONT_128,
          assertInstanceOf(BlazeFaceDetector.class, d).variant());
    }
    try (FaceDetector d = FaceDetectors.open("blazeface-back256", CPU)) {
      assertEquals(
          BlazeFaceDetector.Variant.BACK_256,
          assertInstanceOf(BlazeFaceDetector.class, d).variant());
    }
  }

  @Test
  void shouldOpenYuNetFromItsPath() {
    String path = SharedData.require("models/detectors/yunet_n_dynamic.onnx").toString();
    try (FaceDetector d = FaceDetectors.open("yunet:" + path, CPU)) {
      assertInstanceOf(YuNetDetector.class, d);
    }
  }

  @Test
  void shouldListTheChoicesForAnUnknownName() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> FaceDetectors.open("haar", CPU));
    assertTrue(e.getMessage().startsWith("unknown face detector 'haar'"), e.getMessage());
    assertTrue(e.getMessage().contains(FaceDetectors.CHOICES));
  }
}
