package io.affectanalyzer.runtime.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import io.affectanalyzer.runtime.align.FaceAligner;
import io.affectanalyzer.runtime.detect.FaceDetection;
import io.affectanalyzer.runtime.detect.FaceDetector;
import io.affectanalyzer.runtime.detect.TwoPassBlazeFaceDetector;
import io.affectanalyzer.runtime.frame.Image;
import io.affectanalyzer.runtime.onnx.OrtSessions;
import io.affectanalyzer.runtime.output.FrameResult;
import io.affectanalyzer.runtime.source.FrameSource;
import io.affectanalyzer.runtime.source.FrameSources;
import io.affectanalyzer.runtime.source.SourceOptions;
import io.affectanalyzer.runtime.testing.DecodedMedia;
import io.affectanalyzer.runtime.testing.SharedData;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The detect stage's choice between full detection and following, on the shared clips through
 * {@link DetectHandler} (events as the ring delivers them) and once through the whole pipeline.
 */
class FaceFollowerTest {
  private static TwoPassBlazeFaceDetector detector;
  private static List<Image> twoFaces;

  @BeforeAll
  static void open() throws Exception {
    detector = TwoPassBlazeFaceDetector.open(OrtSessions.Options.cpu(1));
    twoFaces = DecodedMedia.frames(SharedData.require("videos/two_faces.mp4"), 1);
  }

  @AfterAll
  static void close() {
    if (detector != null) {
      detector.close();
    }
  }

  /** Feeds frames of stream 0 to a detect stage; returns the face count of each frame. */
  private static final class Stage {
    final PipelineMetrics metrics = new PipelineMetrics(new MetricRegistry());
    final DetectHandler handler;
    final FrameEvent event = new FrameEvent();
    long seq;

    /** A fixed interval of {@code detectEvery} frames, boxes never kept. */
    Stage(FaceDetector d, int detectEvery, boolean continuous) {
      this(d, detectEvery, detectEvery, 0, continuous);
    }

    Stage(FaceDetector d, int detectEvery, int everyMax, int stillReuse, boolean continuous) {
      handler =
          new DetectHandler(
              d,
              Pipeline.Config.DEFAULT.withDetection(detectEvery, everyMax, stillReuse),
              new boolean[] {continuous, true},
              metrics);
    }

    List<FaceDetection> frame(int stream, Image im) {
      event.reset(FrameEvent.Kind.FRAME, stream, seq, 0, 0);
      event.width = im.width();
      event.height = im.height();
      event.pixels = im.bgr();
      handler.onEvent(event, seq++, true);
      return event.faces;
    }

    void other(FrameEvent.Kind kind, int stream) {
      event.reset(kind, stream, seq, 0, 0);
      handler.onEvent(event, seq++, true);
    }

    int[] counts(List<Image> frames) {
      int[] n = new int[frames.size()];
      for (int i = 0; i < n.length; i++) {
        n[i] = frame(0, frames.get(i)).size();
      }
      return n;
    }

    String calls() {
      return String.format(
          Locale.ROOT,
          "%d full, %d follow, %d kept, %d lost",
          metrics.fullDetectionCount(),
          metrics.followCount(),
          metrics.keptCount(),
          metrics.lostCount());
    }
  }

  private static double share(int[] counts, int n) {
    int k = 0;
    for (int c : counts) {
      k += c == n ? 1 : 0;
    }
    return (double) k / counts.length;
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  @Test
  void shouldFindBothFacesOfTwoFacesWhileMostlyFollowing() {
    Stage s = new Stage(detector, 8, true);
    int[] counts = s.counts(twoFaces);
    System.out.println("two_faces, detect every 8: " + s.calls());
    assertTrue(share(counts, 2) >= 0.95, s.calls());
    long full = s.metrics.fullDetectionCount();
    assertTrue(full <= ceilDiv(twoFaces.size(), 8) + s.metrics.lostCount(), s.calls());
    assertTrue(s.metrics.followCount() >= twoFaces.size() / 2, "following happened: " + s.calls());
    assertEquals(twoFaces.size(), full + s.metrics.followCount() - s.metrics.lostCount());
  }

  @Test
  void shouldFindTheFaceOfWolfgangLangerWhileMostlyFollowing() throws Exception {
    Pipeline.Config defaults = Pipeline.Config.DEFAULT;
    Stage s =
        new Stage(
            detector,
            defaults.detectEvery(),
            defaults.detectEveryMax(),
            defaults.stillReuse(),
            true);
    int[] frames = {0};
    int[] one = {0};
    DecodedMedia.each(
        SharedData.require("videos/WolfgangLanger_Pexels.mp4"),
        im -> {
          frames[0]++;
          one[0] += s.frame(0, im).size() == 1 ? 1 : 0;
        });
    double msPerFrame = s.metrics.registry().timer("stage.detect").getSnapshot().getMean() / 1e6;
    String calls = s.calls() + String.format(Locale.ROOT, "; detect %.2f ms/frame", msPerFrame);
    System.out.println("WolfgangLanger, detect every 8: " + frames[0] + " frames, " + calls);
    assertTrue((double) one[0] / frames[0] >= 0.95, calls);
    assertTrue(
        s.metrics.fullDetectionCount() <= ceilDiv(frames[0], 8) + s.metrics.lostCount(), calls);
    // She moves a lot, yet some frames are still enough to keep their boxes; every frame is one
    // of the three kinds.
    assertTrue(s.metrics.keptCount() > 0, calls);
    assertEquals(
        frames[0],
        s.metrics.fullDetectionCount()
            + s.metrics.followCount()
            + s.metrics.keptCount()
            - s.metrics.lostCount(),
        calls);
  }

  /** {@code im} moved right by {@code dx} pixels (the left edge repeated). */
  private static Image shifted(Image im, int dx) {
    int w = im.width();
    byte[] src = im.bgr();
    byte[] out = new byte[src.length];
    for (int y = 0; y < im.height(); y++) {
      int row = y * w * 3;
      for (int x = 0; x < w; x++) {
        int from = Math.max(0, x - dx);
        System.arraycopy(src, row + from * 3, out, row + x * 3, 3);
      }
    }
    return new Image(w, im.height(), out);
  }

  @Test
  void shouldKeepAStillFacesBoxForAtMostStillReuseFrames() {
    Stage s = new Stage(detector, 8, 8, 2, true);
    Image still = twoFaces.get(0);
    List<FaceDetection> looked = null;
    for (int f = 0; f < 24; f++) {
      List<FaceDetection> faces = s.frame(0, still);
      assertEquals(2, faces.size(), "frame " + f + ": " + s.calls());
      // Each 8-frame cycle: full pass, a close look (the full pass boxes faces differently, so no
      // motion yet), a close look that finds no motion, then two kept, one look, two kept.
      int inCycle = f % 8;
      if (inCycle == 3 || inCycle == 4 || inCycle == 6 || inCycle == 7) {
        assertTrue(faces == looked, "frame " + f + " keeps the last look's boxes");
      }
      looked = faces;
    }
    assertEquals(3, s.metrics.fullDetectionCount(), s.calls());
    assertEquals(9, s.metrics.followCount(), s.calls());
    assertEquals(12, s.metrics.keptCount(), s.calls());
    // Drops age the kept boxes: frame 24 is a full pass, 25 and 26 looks, then two drops make the
    // boxes too old to keep on the next frame.
    s.frame(0, still);
    s.frame(0, still);
    s.frame(0, still);
    s.other(FrameEvent.Kind.DROPPED, 0);
    s.other(FrameEvent.Kind.DROPPED, 0);
    long follows = s.metrics.followCount();
    s.frame(0, still);
    assertEquals(follows + 1, s.metrics.followCount(), s.calls());
    assertEquals(12, s.metrics.keptCount(), s.calls());
  }

  @Test
  void shouldKeepABoxWhenTheFaceDriftsSlowlyButLookEveryFrameWhenItMoves() {
    Image first = twoFaces.get(0);
    float side = detector.detect(first).get(0).width();
    // 0.5% and 6% of the face's side per frame, against the 3% still limit over the kept frames.
    int slow = Math.max(1, Math.round(side * 0.005f));
    int fast = Math.round(side * 0.06f);
    Stage slowStage = new Stage(detector, 8, 8, 2, true);
    Stage fastStage = new Stage(detector, 8, 8, 2, true);
    for (int f = 0; f < 16; f++) {
      assertEquals(2, slowStage.frame(0, shifted(first, f * slow)).size(), slowStage.calls());
      assertEquals(2, fastStage.frame(0, shifted(first, f * fast)).size(), fastStage.calls());
    }
    String calls = "slow " + slow + " px: " + slowStage.calls() + "; fast " + fast + " px: ";
    System.out.println("face side " + side + " px, " + calls + fastStage.calls());
    assertTrue(slowStage.metrics.keptCount() > 0, calls);
    assertEquals(0, fastStage.metrics.keptCount(), calls + fastStage.calls());
    assertEquals(14, fastStage.metrics.followCount(), calls + fastStage.calls());
  }

  /** {@code im} with its right half black: two_faces.mp4 with only its left face. */
  private static Image leftHalf(Image im) {
    byte[] out = im.bgr().clone();
    int w = im.width();
    for (int y = 0; y < im.height(); y++) {
      java.util.Arrays.fill(out, (y * w + w / 2) * 3, (y + 1) * w * 3, (byte) 0);
    }
    return new Image(w, im.height(), out);
  }

  @Test
  void shouldDoubleTheFullPassIntervalWhileNothingNewShowsUpAndResetItForANewFace() {
    Stage s = new Stage(detector, 4, 16, 0, true);
    Image one = leftHalf(twoFaces.get(0));
    Image two = twoFaces.get(0);
    List<Integer> fullAt = new ArrayList<>();
    for (int f = 0; f < 60; f++) {
      long before = s.metrics.fullDetectionCount();
      List<FaceDetection> faces = s.frame(0, f < 40 ? one : two);
      if (s.metrics.fullDetectionCount() > before) {
        fullAt.add(f);
      }
      if (f < 40) {
        assertEquals(1, faces.size(), "frame " + f + ": " + s.calls());
      }
    }
    // Intervals 4, 8, 16, 16 while one face is all there is; the second face (from frame 40) shows
    // up at the next scheduled pass (44), and the interval starts again at 4.
    assertEquals(List.of(0, 4, 12, 28, 44, 48, 56), fullAt, s.calls());
    assertEquals(2, s.frame(0, two).size(), s.calls());
  }

  @Test
  void shouldKeepAFixedIntervalWhenTheMaximumIsTheMinimum() {
    Stage s = new Stage(detector, 4, 4, 0, true);
    Image one = leftHalf(twoFaces.get(0));
    for (int f = 0; f < 20; f++) {
      s.frame(0, one);
    }
    assertEquals(5, s.metrics.fullDetectionCount(), s.calls());
  }

  @Test
  void shouldMeasureMotionAsAShareOfTheFacesSide() {
    FaceDetection a = new FaceDetection(100, 50, 100, 80, 0.9f, new float[12]);
    FaceDetection b = new FaceDetection(103, 54, 100, 80, 0.9f, new float[12]);
    FaceDetection c = new FaceDetection(300, 50, 50, 50, 0.9f, new float[12]);
    assertEquals(0.05f, FaceFollower.motion(List.of(a), List.of(b)), 1e-6f);
    // The largest over the faces: 1 pixel on a 50-pixel face.
    FaceDetection d = new FaceDetection(301, 50, 50, 50, 0.9f, new float[12]);
    assertEquals(0.05f, FaceFollower.motion(List.of(c, a), List.of(d, b)), 1e-6f);
    assertEquals(0.02f, FaceFollower.motion(List.of(c), List.of(d)), 1e-6f);
  }

  @Test
  void shouldFindNoFaceInNoFaceAndNeverFollowNothing() throws Exception {
    List<Image> frames = DecodedMedia.frames(SharedData.require("videos/no_face.mp4"), 1);
    Stage s = new Stage(detector, 8, true);
    int[] counts = s.counts(frames);
    assertEquals(1.0, share(counts, 0), s.calls());
    assertEquals(frames.size(), s.metrics.fullDetectionCount());
    assertEquals(0, s.metrics.followCount());
  }

  @Test
  void shouldDetectEveryFrameInFullWithDetectEveryOne() {
    Stage s = new Stage(detector, 1, true);
    int[] counts = s.counts(twoFaces);
    for (int i = 0; i < counts.length; i++) {
      assertEquals(detector.detect(twoFaces.get(i)).size(), counts[i], "frame " + i);
    }
    assertEquals(twoFaces.size(), s.metrics.fullDetectionCount());
    assertEquals(0, s.metrics.followCount());
  }

  @Test
  void shouldDetectEveryPictureOfAnImageFolderInFull() {
    Stage s = new Stage(detector, 8, false);
    s.counts(twoFaces.subList(0, 12));
    assertEquals(12, s.metrics.fullDetectionCount());
    assertEquals(0, s.metrics.followCount());
  }

  @Test
  void shouldAlwaysDetectInFullWithADetectorThatCannotFollow() {
    int[] calls = {0};
    FaceDetector plain =
        new FaceDetector() {
          @Override
          public List<FaceDetection> detect(Image image) {
            calls[0]++;
            return List.of(new FaceDetection(10, 10, 50, 50, 0.9f, new float[12]));
          }

          @Override
          public void close() {}
        };
    Stage s = new Stage(plain, 8, true);
    s.counts(twoFaces.subList(0, 10));
    assertEquals(10, calls[0]);
    assertEquals(0, s.metrics.followCount());
  }

  @Test
  void shouldKeepEachStreamsStateThroughDropsAndEnds() {
    Stage s = new Stage(detector, 8, true);
    s.frame(0, twoFaces.get(0)); // full
    s.frame(1, twoFaces.get(0)); // full: stream 1 has its own state
    assertEquals(2, s.metrics.fullDetectionCount());
    s.other(FrameEvent.Kind.DROPPED, 0);
    assertEquals(2, s.frame(0, twoFaces.get(2)).size(), "followed over the dropped frame");
    assertEquals(2, s.frame(1, twoFaces.get(1)).size());
    assertEquals(2, s.metrics.fullDetectionCount());
    assertEquals(2, s.metrics.followCount());
    // Drops count toward the next full detection: 1 frame + 1 drop + 1 frame + 5 drops = 8.
    for (int i = 0; i < 5; i++) {
      s.other(FrameEvent.Kind.DROPPED, 0);
    }
    s.frame(0, twoFaces.get(8));
    assertEquals(3, s.metrics.fullDetectionCount(), s.calls());
    // After its END a stream starts afresh with a full detection; the other stream is unaffected.
    s.other(FrameEvent.Kind.END, 1);
    s.frame(1, twoFaces.get(3));
    assertEquals(4, s.metrics.fullDetectionCount(), s.calls());
    s.frame(0, twoFaces.get(9));
    assertEquals(4, s.metrics.fullDetectionCount(), s.calls());
  }

  @Test
  void shouldFollowInAPipelineRunButDetectAnImageFolderInFull() throws Exception {
    List<FrameSource> sources = new ArrayList<>();
    sources.add(
        FrameSources.open(
            SharedData.require("videos/two_faces.mp4").toString(), SourceOptions.defaults()));
    sources.add(
        FrameSources.open(
            SharedData.require("images/single_face.jpg").getParent().toString(),
            SourceOptions.defaults()));
    for (FrameSource src : sources) {
      src.start();
    }
    PipelineMetrics metrics = new PipelineMetrics(new MetricRegistry());
    Map<String, int[]> byStream = new ConcurrentHashMap<>();
    List<Integer> videoCounts = Collections.synchronizedList(new ArrayList<>());
    Pipeline.Config config = Pipeline.Config.DEFAULT;
    assertEquals(8, config.detectEvery());
    long imageFrames;
    try (Pipeline p =
        new Pipeline(
            sources,
            detector,
            new FaceAligner(),
            null,
            List.of(),
            config,
            metrics,
            (FrameResult r) -> {
              byStream.computeIfAbsent(r.stream(), k -> new int[1])[0]++;
              if (r.stream().endsWith("two_faces.mp4")) {
                videoCounts.add(r.faces().size());
              }
            })) {
      p.start();
      List<Pipeline.StreamOutcome> outcomes = p.await();
      assertEquals(twoFaces.size(), outcomes.get(0).frames());
      imageFrames = outcomes.get(1).frames();
    }
    int[] counts = videoCounts.stream().mapToInt(Integer::intValue).toArray();
    String calls =
        metrics.fullDetectionCount()
            + " full, "
            + metrics.followCount()
            + " follow, "
            + metrics.keptCount()
            + " kept";
    System.out.println("pipeline two_faces + images/: " + calls);
    assertTrue(share(counts, 2) >= 0.95, calls);
    assertTrue(imageFrames > 0);
    assertTrue(
        metrics.fullDetectionCount()
            <= imageFrames + ceilDiv(twoFaces.size(), 8) + metrics.lostCount(),
        calls);
    assertTrue(metrics.fullDetectionCount() >= imageFrames, calls);
    assertTrue(metrics.followCount() > 0, calls);
    // One capture-to-emit histogram per stream, each counting that stream's frames.
    var latency = metrics.latencyMicrosByStream();
    assertEquals(byStream.keySet(), latency.keySet());
    for (var e : latency.entrySet()) {
      assertEquals(byStream.get(e.getKey())[0], e.getValue().size(), e.getKey());
    }
    assertEquals(metrics.latencyMicros().size(), twoFaces.size() + imageFrames);
  }
}
