package io.affectanalyzer.runtime.pipeline;

import com.codahale.metrics.Timer;
import com.lmax.disruptor.EventHandler;
import io.affectanalyzer.runtime.detect.FaceDetector;

/** Stage 1: finds the faces of each frame. */
final class DetectHandler implements EventHandler<FrameEvent> {
  private final FaceDetector detector;
  private final Timer timer;

  DetectHandler(FaceDetector detector, PipelineMetrics metrics) {
    this.detector = detector;
    this.timer = metrics.stage("detect");
  }

  @Override
  public void onEvent(FrameEvent event, long sequence, boolean endOfBatch) {
    if (event.kind != FrameEvent.Kind.FRAME) {
      return;
    }
    try (Timer.Context ignored = timer.time()) {
      event.faces = detector.detect(event.image());
    }
  }
}
