package io.affectanalyzer.runtime.detect;

/**
 * A face found in an image, in that image's pixel coordinates.
 *
 * @param x left edge of the box
 * @param y top edge of the box
 * @param width box width
 * @param height box height
 * @param score detector confidence in [0, 1]
 * @param keypoints {@code [x0, y0, x1, y1, ...]}: BlazeFace's six points in its order (subject's
 *     right eye, left eye, nose tip, mouth centre, right ear tragion, left ear tragion). A detector
 *     with five points (YuNet: eyes, nose, mouth corners) maps them onto the same six, mouth centre
 *     = mean of the corners, ears = NaN.
 */
public record FaceDetection(
    float x, float y, float width, float height, float score, float[] keypoints) {
  public static final int RIGHT_EYE = 0;
  public static final int LEFT_EYE = 1;
  public static final int NOSE = 2;
  public static final int MOUTH = 3;
  public static final int RIGHT_EAR = 4;
  public static final int LEFT_EAR = 5;
  public static final int KEYPOINTS = 6;

  public float keypointX(int i) {
    return keypoints[2 * i];
  }

  public float keypointY(int i) {
    return keypoints[2 * i + 1];
  }

  /** The shorter side of the box, in pixels: what a minimum face size is compared with. */
  public float size() {
    return Math.min(width, height);
  }
}
