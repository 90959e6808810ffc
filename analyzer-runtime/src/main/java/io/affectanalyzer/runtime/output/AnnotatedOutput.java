package io.affectanalyzer.runtime.output;

import io.affectanalyzer.runtime.frame.Image;
import io.affectanalyzer.runtime.model.ModelSpec;
import io.affectanalyzer.runtime.source.FrameSource;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code --annotate}: a copy of every input with its results drawn on. The emit stage hands each
 * frame's results and picture to {@link #write(FrameResult, Image)}, which copies the pixels out of
 * the ring slot (the slot is reused once the call returns) and queues them; one thread of its own
 * draws them ({@link FrameAnnotator}) and encodes them ({@link AnnotatedVideoWriter}, or image
 * files), so encoding does not hold up the ring. A full queue makes the emit stage wait: every
 * frame is written, none dropped.
 *
 * <p>{@link #close()} drains the queue and finishes every file. Until then a shutdown hook holds
 * back the JVM's exit on Ctrl-C (the run's owner closes this after the pipeline drains), so an
 * interrupted run still ends with whole files.
 */
public final class AnnotatedOutput implements FrameImageWriter {
  /** Frames waiting to be encoded: enough to smooth out a slow frame, little memory. */
  private static final int QUEUE = 8;

  private static final long EXIT_WAIT_SECONDS = 30;

  /** A frame on its way to its sink; the picture is this queue's own copy. */
  private record Job(FrameResult frame, Image picture) {}

  private static final Job END = new Job(null, null);

  private final Map<String, AnnotationSink> sinks;
  private final FrameAnnotator annotator;
  private final PrintStream err;
  private final BlockingQueue<Job> queue = new ArrayBlockingQueue<>(QUEUE);
  private final BlockingQueue<byte[]> spare = new ArrayBlockingQueue<>(QUEUE + 2);
  private final List<String> summaries = new ArrayList<>();
  private final CountDownLatch closed = new CountDownLatch(1);
  private final Thread encoder;
  private final Thread exitHook;
  private volatile Exception failure;
  private boolean failureReported;
  private boolean closing;

  private AnnotatedOutput(
      Map<String, AnnotationSink> sinks, FrameAnnotator annotator, PrintStream err) {
    this.sinks = sinks;
    this.annotator = annotator;
    this.err = err;
    this.encoder = new Thread(this::encode, "annotate");
    this.exitHook = new Thread(this::awaitClosed, "annotate-finish-on-exit");
    encoder.setDaemon(true);
    encoder.start();
    Runtime.getRuntime().addShutdownHook(exitHook);
  }

  /**
   * The annotated copies of {@code sources} as {@code --annotate} names them (see {@link
   * AnnotationTargets}); says on {@code err} where each goes and with which codec.
   *
   * @param spec the model's description, or null without a model (boxes and landmarks only)
   * @throws IllegalArgumentException when the target cannot work, with the message for the user
   */
  public static AnnotatedOutput open(
      String annotate, List<FrameSource> sources, ModelSpec spec, PrintStream err) {
    return new AnnotatedOutput(
        AnnotationTargets.open(annotate, sources, err), new FrameAnnotator(spec), err);
  }

  @Override
  public void write(FrameResult frame, Image pixels) throws IOException {
    Exception failed = failure;
    if (failed != null) {
      failureReported = true;
      throw new IOException("annotated copy: " + failed.getMessage(), failed);
    }
    try {
      queue.put(new Job(frame, pixels == null ? null : copy(pixels)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while queueing an annotated frame");
    }
  }

  /** The picture in a buffer of this writer's own, a recycled one when one is free. */
  private Image copy(Image pixels) {
    int size = pixels.width() * pixels.height() * 3;
    byte[] buffer = spare.poll();
    if (buffer == null || buffer.length < size) {
      buffer = new byte[size];
    }
    System.arraycopy(pixels.bgr(), 0, buffer, 0, size);
    return new Image(pixels.width(), pixels.height(), buffer);
  }

  private void encode() {
    try {
      for (Job job = take(); job != END; job = take()) {
        if (failure == null) {
          AnnotationSink sink = sinks.get(job.frame().stream());
          try {
            if (job.picture() != null) {
              annotator.draw(job.picture(), job.frame());
            }
            if (sink != null) {
              sink.write(job.frame(), job.picture());
            }
          } catch (IOException | RuntimeException e) {
            failure = e; // later frames are taken and let go, so the emit stage never waits
          }
        }
        if (job.picture() != null) {
          spare.offer(job.picture().bgr());
        }
      }
    } finally {
      // The sinks' native encoders are used on this thread only, so they are finished here too.
      for (Map.Entry<String, AnnotationSink> e : sinks.entrySet()) {
        try {
          e.getValue().close();
        } catch (IOException | RuntimeException ex) {
          if (failure == null) {
            failure = ex;
          }
        }
        summaries.add(e.getKey() + ": " + e.getValue().summary());
      }
    }
  }

  /** The next job; a stray interrupt does not end the copy early (only {@link #END} does). */
  private Job take() {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return queue.take();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Drains the queue, finishes every file and says what was written. */
  @Override
  public void close() throws IOException {
    if (closing) {
      return;
    }
    closing = true;
    boolean interrupted = false;
    boolean ended = false;
    while (encoder.isAlive()) {
      try {
        if (!ended) {
          queue.put(END);
          ended = true;
        }
        encoder.join();
      } catch (InterruptedException e) {
        interrupted = true; // the files must still be finished
      }
    }
    for (String s : summaries) {
      err.println("analyzer: annotated " + s);
    }
    closed.countDown(); // after the last word: the JVM may exit as soon as this is down
    try {
      Runtime.getRuntime().removeShutdownHook(exitHook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running and has just been released
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failure != null && !failureReported) {
      throw new IOException("annotated copy: " + failure.getMessage(), failure);
    }
  }

  private void awaitClosed() {
    try {
      closed.await(EXIT_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
