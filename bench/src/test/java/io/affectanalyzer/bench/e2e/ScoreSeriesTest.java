package io.affectanalyzer.bench.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.affectanalyzer.runtime.detect.FaceDetection;
import io.affectanalyzer.runtime.model.AffectScores;
import io.affectanalyzer.runtime.output.FaceResult;
import io.affectanalyzer.runtime.output.FrameResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScoreSeriesTest {
  private static final FaceDetection BOX = new FaceDetection(0, 0, 50, 50, 0.9f, new float[12]);

  private static FrameResult frame(long i, float happy, float au1, float valence) {
    float[] expr = new float[8];
    expr[4] = happy;
    expr[0] = 1 - happy;
    AffectScores s = new AffectScores(new float[] {au1, 0.5f}, expr, new float[] {valence, 0});
    FaceResult small = new FaceResult(1, BOX, false, null);
    return new FrameResult(
        "clip", i, i * 40, null, false, List.of(small, new FaceResult(2, BOX, true, s)));
  }

  @Test
  void shouldCompareTheFirstAnalysedFaceFrameByFrame() {
    ScoreSeries a = new ScoreSeries();
    ScoreSeries b = new ScoreSeries();
    a.add(frame(0, 0.9f, 0.2f, 0.5f));
    a.add(frame(1, 0.8f, 0.2f, 0.5f));
    a.add(frame(2, 0.3f, 0.2f, 0.5f));
    b.add(frame(0, 0.9f, 0.2f, 0.5f));
    b.add(frame(1, 0.4f, 0.6f, 0.1f)); // label flips, AU1 +0.4, valence -0.4
    b.add(frame(3, 0.3f, 0.2f, 0.5f)); // not in a: left out
    ScoreSeries.Comparison c = a.against(b);
    assertEquals(2, c.frames());
    assertEquals(0.5, c.sameLabel(), 1e-9);
    // Frame 1: |0.8-0.4| on happiness and on neutral, halved: 0.4; mean over 2 frames: 0.2.
    assertEquals(0.2, c.exprDiff(), 1e-6);
    assertEquals(0.1, c.auDiff(), 1e-6); // (0.4 / 2 AUs) / 2 frames
    assertEquals(0.2, c.valenceDiff(), 1e-6);
  }

  @Test
  void shouldMeasureJitterOverConsecutiveFramesOnly() {
    ScoreSeries a = new ScoreSeries();
    a.add(frame(0, 0.9f, 0, 0));
    a.add(frame(1, 0.7f, 0, 0)); // step 0.2, same label
    a.add(frame(2, 0.3f, 0, 0)); // step 0.4, label changes
    a.add(frame(5, 0.9f, 0, 0)); // a gap: no step counted
    assertEquals(0.3, a.exprStep(), 1e-6);
    assertEquals(50.0, a.labelChangesPer100(), 1e-9);
  }

  /** A series whose label is happiness where {@code labels} has an 'h', neutral elsewhere. */
  private static ScoreSeries labels(String labels) {
    ScoreSeries s = new ScoreSeries();
    for (int i = 0; i < labels.length(); i++) {
      if (labels.charAt(i) != ' ') {
        s.add(frame(i, labels.charAt(i) == 'h' ? 0.9f : 0.1f, 0, 0));
      }
    }
    return s;
  }

  @Test
  void shouldFindTheLabelChangesThatLast() {
    //                             0123456789012345678
    List<ScoreSeries.Onset> got = labels("nnnnhnhhhhnnn hhhhh").sustainedOnsets(3);
    // Frame 4 lasts 1 frame; 6-9 lasts; 10-12 lasts; 14-18 follows a gap, so is no change.
    assertEquals(List.of(new ScoreSeries.Onset(6, 9, 4), new ScoreSeries.Onset(10, 12, 0)), got);
  }

  @Test
  void shouldCountTheFramesUntilTheLabelSettlesForGood() {
    ScoreSeries.Onset happy = new ScoreSeries.Onset(6, 12, 4);
    assertEquals(0, labels("nnnnnnhhhhhhh").settleLag(happy));
    assertEquals(2, labels("nnnnnnnnhhhhh").settleLag(happy));
    assertEquals(4, labels("nnnnnnhnnnhhh").settleLag(happy), "a flicker is not settling");
    assertEquals(0, labels("nnnnhhhhhhhhh").settleLag(happy), "already there");
    assertEquals(-1, labels("nnnnnnhhhhhhn").settleLag(happy), "lost by the change's end");
  }
}
