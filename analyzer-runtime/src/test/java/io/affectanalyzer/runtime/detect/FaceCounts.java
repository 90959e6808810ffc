package io.affectanalyzer.runtime.detect;

import io.affectanalyzer.runtime.frame.Image;
import java.util.List;

/** How many frames of a clip had how many faces: the figures the detection tests assert on. */
record FaceCounts(String clip, int frames, int[] byCount, int total) {
  static FaceCounts of(String clip, FaceDetector detector, List<Image> frames) {
    int[] by = new int[8];
    int total = 0;
    for (Image im : frames) {
      int n = detector.detect(im).size();
      by[Math.min(n, by.length - 1)]++;
      total += n;
    }
    FaceCounts c = new FaceCounts(clip, frames.size(), by, total);
    System.out.println(c);
    return c;
  }

  /** Share of frames with exactly {@code n} faces. */
  double share(int n) {
    return (double) byCount[n] / frames;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(clip + ": " + frames + " frames;");
    for (int n = 0; n < byCount.length; n++) {
      if (byCount[n] > 0) {
        sb.append(' ').append(byCount[n]).append(" with ").append(n);
      }
    }
    return sb.toString();
  }
}
