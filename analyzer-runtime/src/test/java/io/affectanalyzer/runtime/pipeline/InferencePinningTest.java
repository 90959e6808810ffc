package io.affectanalyzer.runtime.pipeline;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affectanalyzer.runtime.pipeline.InferencePinning.Window;
import org.junit.jupiter.api.Test;

/**
 * The decision, on the shares the bench measured on this 2-core machine (inference thread busy,
 * runnable but off a core; the other threads' CPU in cores).
 */
class InferencePinningTest {
  @Test
  void shouldPinWhenInferenceBoundsThePipelineAndWaitsForACore() {
    // WolfgangLanger, unpinned: busy 87%, waiting 11%, cores 79% busy in all.
    assertTrue(InferencePinning.decide(false, new Window(0.87, 0.11, 0.71), 1));
    // Pinned: busy 94%, so it stays; also in the JIT's first seconds (81%).
    assertTrue(InferencePinning.decide(true, new Window(0.94, 0.01, 0.78), 1));
    assertTrue(InferencePinning.decide(true, new Window(0.81, 0.01, 1.00), 1));
  }

  @Test
  void shouldNotPinWhatDoesNotNeedIt() {
    // A live 30 fps stream: inference busy 15%, it hardly waits.
    assertFalse(InferencePinning.decide(false, new Window(0.15, 0.01, 0.20), 1));
    // No faces: inference idle, detection bounds the pipeline.
    assertFalse(InferencePinning.decide(false, new Window(0.00, 0.00, 1.10), 1));
    // Inference waits, but the others would not fit on the one core left.
    assertFalse(InferencePinning.decide(false, new Window(0.70, 0.12, 0.95), 1));
  }

  @Test
  void shouldLetGoWhenTheOthersStarveInference() {
    // two_faces (1280x360) pinned: decoding and detection fill their core, inference busy 74%.
    assertFalse(InferencePinning.decide(true, new Window(0.74, 0.01, 0.98), 1));
  }
}
