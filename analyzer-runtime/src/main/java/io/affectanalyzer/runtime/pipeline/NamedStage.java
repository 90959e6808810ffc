package io.affectanalyzer.runtime.pipeline;

import com.lmax.disruptor.EventHandler;

/** A stage whose thread takes its name ("stage-infer"), for thread dumps and profilers. */
record NamedStage(String stage, EventHandler<FrameEvent> handler)
    implements EventHandler<FrameEvent> {
  @Override
  public void onStart() {
    Thread.currentThread().setName("stage-" + stage);
    handler.onStart();
  }

  @Override
  public void onBatchStart(long batchSize, long queueDepth) {
    handler.onBatchStart(batchSize, queueDepth);
  }

  @Override
  public void onEvent(FrameEvent event, long sequence, boolean endOfBatch) throws Exception {
    handler.onEvent(event, sequence, endOfBatch);
  }

  @Override
  public void onShutdown() {
    handler.onShutdown();
  }
}
