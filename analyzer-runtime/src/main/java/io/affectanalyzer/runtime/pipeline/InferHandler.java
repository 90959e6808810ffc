package io.affectanalyzer.runtime.pipeline;

import com.codahale.metrics.Histogram;
import com.codahale.metrics.Timer;
import com.lmax.disruptor.EventHandler;
import io.affectanalyzer.runtime.model.AffectModel;
import io.affectanalyzer.runtime.model.AffectScores;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Stage 3: gathers the crops of consecutive frames (of every stream) into one batch and runs the
 * model on it. A batch runs when the ring has nothing more ready (end of the Disruptor batch), when
 * it holds {@code maxBatch} faces, or when its oldest face has waited {@code deadlineNanos},
 * whichever comes first. Events are never held past the end of a Disruptor batch: the ring would
 * let the emit stage see them before their scores are in.
 */
final class InferHandler implements EventHandler<FrameEvent> {
  private final AffectModel model;
  private final int maxBatch;
  private final long deadlineNanos;
  private final int cropFloats;
  private final FloatBuffer batch;
  private final List<FrameEvent> pending = new ArrayList<>();
  private final Timer timer;
  private final Histogram batchSizes;
  private final InferencePinning pinning;
  private int pendingFaces;
  private long oldestNanos;

  /**
   * @param pinning decides when this stage keeps a core to itself; null: never
   */
  InferHandler(
      AffectModel model,
      int maxBatch,
      long deadlineNanos,
      PipelineMetrics metrics,
      InferencePinning pinning) {
    this.model = model;
    this.pinning = pinning;
    this.maxBatch = maxBatch;
    this.deadlineNanos = deadlineNanos;
    int size = model.spec().inputSize();
    this.cropFloats = 3 * size * size;
    // Direct and native-ordered: ONNX Runtime reads it in place, no copy per batch.
    this.batch =
        ByteBuffer.allocateDirect(maxBatch * cropFloats * Float.BYTES)
            .order(ByteOrder.nativeOrder())
            .asFloatBuffer();
    this.timer = metrics.stage("infer");
    this.batchSizes = metrics.batchSizes();
  }

  @Override
  public void onStart() {
    if (pinning != null) {
      pinning.start();
    }
  }

  @Override
  public void onShutdown() {
    if (pinning != null) {
      pinning.stop();
    }
  }

  @Override
  public void onEvent(FrameEvent event, long sequence, boolean endOfBatch) {
    if (event.kind == FrameEvent.Kind.FRAME && event.cropCount > 0) {
      if (event.scores.length < event.cropCount) {
        event.scores = new AffectScores[event.cropCount];
      }
      Arrays.fill(event.scores, null); // the slot is reused: no score of an earlier frame may stay
      if (pending.isEmpty()) {
        oldestNanos = System.nanoTime();
      }
      pending.add(event);
      pendingFaces += event.cropCount;
    }
    if (pendingFaces > 0
        && (endOfBatch
            || pendingFaces >= maxBatch
            || System.nanoTime() - oldestNanos >= deadlineNanos)) {
      flush();
    }
    if (pinning != null) {
      pinning.tick();
    }
  }

  private void flush() {
    try (Timer.Context ignored = timer.time()) {
      pack();
    } finally {
      pending.clear();
      pendingFaces = 0;
    }
  }

  private void pack() {
    // Chunks of maxBatch; a frame's faces may straddle two chunks.
    int filled = 0;
    List<FrameEvent> owners = new ArrayList<>();
    List<Integer> slots = new ArrayList<>();
    for (FrameEvent event : pending) {
      for (int k = 0; k < event.cropCount; k++) {
        batch.put(filled * cropFloats, event.crops, k * cropFloats, cropFloats);
        owners.add(event);
        slots.add(k);
        if (++filled == maxBatch) {
          run(filled, owners, slots);
          filled = 0;
        }
      }
    }
    if (filled > 0) {
      run(filled, owners, slots);
    }
  }

  private void run(int count, List<FrameEvent> owners, List<Integer> slots) {
    batchSizes.update(count);
    List<AffectScores> scores = model.infer(batch, count);
    for (int i = 0; i < count; i++) {
      owners.get(i).scores[slots.get(i)] = scores.get(i);
    }
    owners.clear();
    slots.clear();
  }
}
