package io.affectanalyzer.runtime.pipeline;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.WaitStrategy;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Every stage, and every source waiting for room in the ring, sleeps until something moves.
 * Disruptor's blocking strategy blocks a stage only until the sources publish, then spins until the
 * stage before it is done: on two cores, three stages spinning behind a slow one take the CPU that
 * one needs. Parking in a loop instead costs a timer wake-up every few hundred microseconds per
 * stage, which is not free in a VM either.
 *
 * <p>A stage asks for its next event right after publishing its last, so that request is when it
 * wakes whoever waits: the stage after it, or a source waiting for the slot it freed.
 */
final class HandoffWaitStrategy implements WaitStrategy {
  /** Only a safety net: a wake-up that is never lost needs no timeout. */
  private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition moved = lock.newCondition();
  private final AtomicInteger waiters = new AtomicInteger();

  @Override
  public long waitFor(long sequence, Sequence cursor, Sequence dependent, SequenceBarrier barrier)
      throws AlertException, InterruptedException {
    signalAllWhenBlocking();
    long available = dependent.get();
    if (available >= sequence) {
      return available;
    }
    lock.lock();
    waiters.incrementAndGet();
    try {
      while ((available = dependent.get()) < sequence) {
        barrier.checkAlert();
        moved.awaitNanos(RECHECK_NANOS);
      }
    } finally {
      waiters.decrementAndGet();
      lock.unlock();
    }
    return available;
  }

  /** Blocks a source until the ring has room for one more event. */
  void awaitRoom(RingBuffer<?> ring) throws InterruptedException {
    if (ring.hasAvailableCapacity(1)) {
      return;
    }
    lock.lock();
    waiters.incrementAndGet();
    try {
      while (!ring.hasAvailableCapacity(1)) {
        moved.awaitNanos(RECHECK_NANOS);
      }
    } finally {
      waiters.decrementAndGet();
      lock.unlock();
    }
  }

  @Override
  public void signalAllWhenBlocking() {
    // The sequence just published was a release store; the fence orders it before the read of
    // waiters, and a waiter counts itself before it reads the sequence: one of them sees the other.
    VarHandle.fullFence();
    if (waiters.get() > 0) {
      lock.lock();
      try {
        moved.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }
}
