package io.affectanalyzer.runtime.track;

import io.affectanalyzer.runtime.model.AffectScores;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * Smooths each track's AU probabilities, expression probabilities and valence/arousal over time,
 * with filters of its own per stream and track id; a track's filters go when its tracker lets it
 * go, or when its stream ends. Streams of unrelated pictures (image folders) are not smoothed. One
 * instance per pipeline, used by the emit thread only.
 */
public final class TrackSmoother {
  private final Smoothing smoothing;
  private final boolean[] related;
  private final List<Map<Integer, TrackFilters>> byStream = new ArrayList<>();

  /** One filter per head of one track, made when the head first shows up. */
  private final class TrackFilters {
    ScoreFilter au;
    ScoreFilter expr;
    ScoreFilter va;

    AffectScores next(AffectScores raw, double seconds) {
      float[] au = null;
      float[] expr = null;
      float[] va = null;
      if (raw.au() != null) {
        this.au = this.au != null ? this.au : smoothing.newFilter();
        au = this.au.next(raw.au(), seconds);
      }
      if (raw.expr() != null) {
        this.expr = this.expr != null ? this.expr : smoothing.newFilter();
        expr = this.expr.next(raw.expr(), seconds);
      }
      if (raw.va() != null) {
        this.va = this.va != null ? this.va : smoothing.newFilter();
        va = this.va.next(raw.va(), seconds);
      }
      return new AffectScores(au, expr, va);
    }
  }

  /**
   * @param smoothing the filter every track gets; must be on
   * @param related per stream: whether consecutive frames show the same scene (a video, a camera);
   *     the faces of unrelated pictures are left as they are
   */
  public TrackSmoother(Smoothing smoothing, boolean[] related) {
    if (!smoothing.on()) {
      throw new IllegalArgumentException("a smoother needs a filter, not " + smoothing);
    }
    this.smoothing = smoothing;
    this.related = related.clone();
    for (int i = 0; i < related.length; i++) {
      byStream.add(new HashMap<>());
    }
  }

  /** The smoothed scores of {@code track} in this frame of {@code stream}, after {@code raw}. */
  public AffectScores smooth(int stream, int track, long ptsMillis, AffectScores raw) {
    if (!related[stream]) {
      return raw;
    }
    return byStream
        .get(stream)
        .computeIfAbsent(track, id -> new TrackFilters())
        .next(raw, ptsMillis / 1000.0);
  }

  /** Forgets the tracks of {@code stream} that {@code live} no longer follows. */
  public void retain(int stream, IntPredicate live) {
    byStream.get(stream).keySet().removeIf(id -> !live.test(id));
  }

  /** Forgets every track of {@code stream}: it ended. */
  public void ended(int stream) {
    byStream.get(stream).clear();
  }

  /** Tracks of {@code stream} with filter state (for tests). */
  int tracks(int stream) {
    return byStream.get(stream).size();
  }
}
