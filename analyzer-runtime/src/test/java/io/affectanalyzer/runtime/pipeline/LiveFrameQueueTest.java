package io.affectanalyzer.runtime.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class LiveFrameQueueTest {
  private static LiveFrameQueue.LiveFrame frame(long i) {
    return new LiveFrameQueue.LiveFrame(i, i * 33, 0, 2, 2, new byte[12]);
  }

  @Test
  void shouldDropTheOldestWaitingFramesButKeepEveryFrameInOrder() throws Exception {
    LiveFrameQueue q = new LiveFrameQueue(2);
    for (int i = 0; i < 5; i++) {
      q.offer(frame(i));
    }
    q.close();
    // 0, 1, 2 lost their pixels to make room; 3 and 4 wait with theirs.
    for (int i = 0; i < 5; i++) {
      LiveFrameQueue.LiveFrame f = q.take();
      assertEquals(i, f.frame());
      if (i < 3) {
        assertNull(f.pixels());
      } else {
        assertNotNull(f.pixels());
      }
    }
    assertNull(q.take());
  }
}
