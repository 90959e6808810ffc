package io.affectanalyzer.runtime.pipeline;

import io.affectanalyzer.runtime.detect.FaceDetection;
import io.affectanalyzer.runtime.frame.Image;
import io.affectanalyzer.runtime.model.AffectScores;
import java.util.List;

/**
 * A preallocated ring slot: one frame on its way through the stages. Each field is written by one
 * stage and read by the later ones; the ring's sequence barriers order those accesses. Buffers
 * (pixels, crops) are reused from frame to frame and only grow.
 */
final class FrameEvent {
  enum Kind {
    FRAME,
    /** A live frame dropped under load: recorded, not analysed. */
    DROPPED,
    /** The stream ended; {@link #endReason} says why when it ended early. */
    END
  }

  Kind kind;
  int stream;
  long frame;
  long ptsMillis;
  long captureNanos;
  String endReason;

  /** The source's name for the frame (an image's file name), or null. */
  String label;

  byte[] pixels = new byte[0];
  int width;
  int height;

  /** Set by detect. */
  List<FaceDetection> faces = List.of();

  /** Set by align: which faces are analysed, and their crops packed {@code [k, 3, S, S]}. */
  boolean[] analysed = new boolean[0];

  float[] crops = new float[0];
  int cropCount;

  /** Set by infer, one per analysed face in crop order; null entries when there is no model. */
  AffectScores[] scores = new AffectScores[0];

  void reset(Kind kind, int stream, long frame, long ptsMillis, long captureNanos) {
    this.kind = kind;
    this.stream = stream;
    this.frame = frame;
    this.ptsMillis = ptsMillis;
    this.captureNanos = captureNanos;
    this.endReason = null;
    this.label = null;
    this.width = 0;
    this.height = 0;
    this.faces = List.of();
    this.cropCount = 0;
  }

  /** Pixel buffer of at least {@code bytes}, reusing the previous one when it is big enough. */
  byte[] pixels(int bytes) {
    if (pixels.length < bytes) {
      pixels = new byte[bytes];
    }
    return pixels;
  }

  Image image() {
    return new Image(width, height, pixels);
  }

  float[] crops(int floats) {
    if (crops.length < floats) {
      crops = new float[floats];
    }
    return crops;
  }
}
