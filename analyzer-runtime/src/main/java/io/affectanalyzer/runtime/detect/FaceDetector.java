package io.affectanalyzer.runtime.detect;

import io.affectanalyzer.runtime.frame.Image;
import java.util.List;

/** Finds faces in a picture. Owns its native session; one thread uses an instance at a time. */
public interface FaceDetector extends AutoCloseable {
  /** Faces in {@code image}, best score first, in the image's pixel coordinates. */
  List<FaceDetection> detect(Image image);

  @Override
  void close();
}
