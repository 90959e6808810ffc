package io.affectanalyzer.runtime.pipeline;

import com.codahale.metrics.Timer;
import com.lmax.disruptor.EventHandler;
import io.affectanalyzer.runtime.align.FaceAligner;
import io.affectanalyzer.runtime.frame.Image;
import java.nio.FloatBuffer;

/** Stage 2: warps each face big enough to analyse onto the model's template. */
final class AlignHandler implements EventHandler<FrameEvent> {
  private final FaceAligner aligner;
  private final int cropFloats;
  private final float minFaceSize;
  private final Timer timer;

  AlignHandler(FaceAligner aligner, int inputSize, float minFaceSize, PipelineMetrics metrics) {
    this.aligner = aligner;
    this.cropFloats = 3 * inputSize * inputSize;
    this.minFaceSize = minFaceSize;
    this.timer = metrics.stage("align");
  }

  @Override
  public void onEvent(FrameEvent event, long sequence, boolean endOfBatch) {
    if (event.kind != FrameEvent.Kind.FRAME || event.faces.isEmpty()) {
      return;
    }
    try (Timer.Context ignored = timer.time()) {
      int n = event.faces.size();
      if (event.analysed.length < n) {
        event.analysed = new boolean[n];
      }
      int count = 0;
      for (int i = 0; i < n; i++) {
        event.analysed[i] = event.faces.get(i).size() >= minFaceSize;
        if (event.analysed[i]) {
          count++;
        }
      }
      FloatBuffer crops = FloatBuffer.wrap(event.crops(count * cropFloats));
      Image image = event.image();
      int k = 0;
      for (int i = 0; i < n; i++) {
        if (event.analysed[i]) {
          aligner.align(image, event.faces.get(i), crops, k++ * cropFloats);
        }
      }
      event.cropCount = count;
    }
  }
}
