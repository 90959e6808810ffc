package io.affectanalyzer.runtime.pipeline;

import com.codahale.metrics.Timer;
import com.lmax.disruptor.EventHandler;
import io.affectanalyzer.runtime.detect.FaceDetection;
import io.affectanalyzer.runtime.frame.Image;
import io.affectanalyzer.runtime.model.AffectScores;
import io.affectanalyzer.runtime.output.FaceResult;
import io.affectanalyzer.runtime.output.FrameImageWriter;
import io.affectanalyzer.runtime.output.FrameResult;
import io.affectanalyzer.runtime.output.ResultWriter;
import io.affectanalyzer.runtime.track.IouTracker;
import io.affectanalyzer.runtime.track.TrackSmoother;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Stage 4: gives faces their track ids, smooths each track's scores over time when asked (the raw
 * ones stay beside them), turns each frame into an immutable {@link FrameResult}, writes it
 * (flushed per frame) and counts it. Frames of one stream arrive in decode order, so each stream's
 * records come out in order.
 */
final class EmitHandler implements EventHandler<FrameEvent> {
  private final List<String> streams;
  private final IouTracker[] trackers;
  private final TrackSmoother smoother;
  private final List<ResultWriter> writers;
  private final PipelineMetrics metrics;
  private final Timer timer;
  private final Consumer<StreamEnd> onEnd;
  private final Consumer<FrameResult> onFrame;
  private volatile IOException writeFailure;

  /** A stream's last record is out: how many frames it produced and why it ended. */
  record StreamEnd(int stream, long frames, String reason) {}

  EmitHandler(
      List<String> streams,
      List<ResultWriter> writers,
      PipelineMetrics metrics,
      TrackSmoother smoother,
      Consumer<FrameResult> onFrame,
      Consumer<StreamEnd> onEnd) {
    this.streams = streams;
    this.trackers = new IouTracker[streams.size()];
    for (int i = 0; i < trackers.length; i++) {
      trackers[i] = new IouTracker(15);
    }
    this.writers = writers;
    this.metrics = metrics;
    this.smoother = smoother;
    this.timer = metrics.stage("emit");
    this.onFrame = onFrame;
    this.onEnd = onEnd;
  }

  @Override
  public void onEvent(FrameEvent event, long sequence, boolean endOfBatch) {
    if (event.kind == FrameEvent.Kind.END) {
      if (smoother != null) {
        smoother.ended(event.stream);
      }
      onEnd.accept(new StreamEnd(event.stream, event.frame, event.endReason));
      return;
    }
    try (Timer.Context ignored = timer.time()) {
      FrameResult result;
      RuntimeException failure = null;
      try {
        result = toResult(event);
      } catch (RuntimeException e) {
        // The frame is still accounted for, without its faces; the failure is reported.
        failure = e;
        result =
            new FrameResult(
                streams.get(event.stream),
                event.frame,
                event.ptsMillis,
                event.label,
                false,
                List.of());
      }
      if (writeFailure == null) {
        try {
          for (ResultWriter writer : writers) {
            if (writer instanceof FrameImageWriter withPicture) {
              withPicture.write(result, picture(event));
            } else {
              writer.write(result);
            }
          }
        } catch (IOException e) {
          writeFailure = e;
        }
      }
      metrics.frameDone(
          result.stream(),
          event.captureNanos,
          result.faces().size(),
          event.kind == FrameEvent.Kind.DROPPED);
      onFrame.accept(result);
      if (failure != null) {
        throw failure;
      }
    }
  }

  private FrameResult toResult(FrameEvent event) {
    List<FaceDetection> faces = event.faces;
    int[] ids = trackers[event.stream].update(faces);
    List<FaceResult> out = new ArrayList<>(faces.size());
    int crop = 0; // analysed faces own the crops (and scores) in face order
    for (int i = 0; i < faces.size(); i++) {
      boolean aligned = i < event.analysed.length && event.analysed[i] && crop < event.cropCount;
      AffectScores scores = null;
      if (aligned) {
        scores = crop < event.scores.length ? event.scores[crop] : null;
        crop++;
      }
      if (scores != null && smoother != null) {
        AffectScores smoothed = smoother.smooth(event.stream, ids[i], event.ptsMillis, scores);
        out.add(new FaceResult(ids[i], faces.get(i), true, smoothed, scores));
      } else {
        out.add(new FaceResult(ids[i], faces.get(i), scores != null, scores));
      }
    }
    if (smoother != null) {
      smoother.retain(event.stream, trackers[event.stream]::follows);
    }
    return new FrameResult(
        streams.get(event.stream),
        event.frame,
        event.ptsMillis,
        event.label,
        event.kind == FrameEvent.Kind.DROPPED,
        List.copyOf(out));
  }

  /** The frame's pixels in its ring slot, valid until onEvent returns; null when dropped. */
  private static Image picture(FrameEvent event) {
    return event.kind == FrameEvent.Kind.FRAME && event.width > 0 ? event.image() : null;
  }

  /** The first error writing a record, or null. */
  IOException writeFailure() {
    return writeFailure;
  }
}
