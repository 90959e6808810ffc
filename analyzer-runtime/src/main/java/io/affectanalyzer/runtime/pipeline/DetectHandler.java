package io.affectanalyzer.runtime.pipeline;

import com.codahale.metrics.Timer;
import com.lmax.disruptor.EventHandler;
import io.affectanalyzer.runtime.detect.FaceDetector;

/**
 * Stage 1: finds the faces of each frame, by full detection or by following the stream's last faces
 * ({@link FaceFollower}).
 */
final class DetectHandler implements EventHandler<FrameEvent> {
  private final FaceFollower follower;
  private final boolean[] related;
  private final Timer timer;

  /**
   * @param related per stream: whether consecutive frames show the same scene (a video, a camera)
   *     and not unrelated pictures (an image folder), so faces may be followed from one to the next
   */
  DetectHandler(
      FaceDetector detector, Pipeline.Config config, boolean[] related, PipelineMetrics metrics) {
    this.follower = new FaceFollower(detector, config, metrics);
    this.related = related.clone();
    this.timer = metrics.stage("detect");
  }

  @Override
  public void onEvent(FrameEvent event, long sequence, boolean endOfBatch) {
    switch (event.kind) {
      case FRAME -> {
        try (Timer.Context ignored = timer.time()) {
          event.faces = follower.faces(event.stream, event.image(), related[event.stream]);
        }
      }
      case DROPPED -> follower.dropped(event.stream);
      case END -> follower.ended(event.stream);
    }
  }
}
