package io.affectanalyzer.runtime.pipeline;

import com.codahale.metrics.Gauge;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.EventHandlerGroup;
import com.lmax.disruptor.dsl.ProducerType;
import io.affectanalyzer.runtime.align.FaceAligner;
import io.affectanalyzer.runtime.cpu.InferenceCore;
import io.affectanalyzer.runtime.detect.FaceDetector;
import io.affectanalyzer.runtime.model.AffectModel;
import io.affectanalyzer.runtime.output.FrameResult;
import io.affectanalyzer.runtime.output.ResultWriter;
import io.affectanalyzer.runtime.source.FrameSource;
import io.affectanalyzer.runtime.track.Smoothing;
import io.affectanalyzer.runtime.track.TrackSmoother;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The whole analysis, wired in this one place:
 *
 * <pre>
 *  source threads ──publish──▶ [ring] ─▶ detect ─▶ align ─▶ infer (batched) ─▶ emit ─▶ writers
 * </pre>
 *
 * One thread per stage, one (or two, for live sources) per input; several inputs share the ring, so
 * their faces share inference batches. The pipeline owns the sources; the caller owns the detector,
 * aligner, model and writers ({@link AnalyzerSetup} opens them and makes pipelines in one place).
 */
public final class Pipeline implements AutoCloseable {
  /**
   * @param ringSize ring slots (a power of two); each holds one frame's pixels
   * @param maxBatch most faces per inference call
   * @param batchDeadlineMillis the longest a face waits for its batch to fill
   * @param minFaceSize faces smaller than this (pixels, shorter box side) are not analysed
   * @param liveQueue frames a live source may have waiting before the oldest is dropped
   * @param detectEvery the shortest interval, in frames of a stream, between scheduled full
   *     detections, following the faces in between (1: full detection on every frame); see {@link
   *     FaceFollower}
   * @param detectEveryMax the longest interval between full detections, reached by doubling from
   *     {@code detectEvery} while they find no new face (equal to it: a fixed interval)
   * @param stillReuse most frames in a row a still face keeps its box without a look (0: never);
   *     see {@link FaceFollower}
   * @param inferenceCore the core the inference stage may keep to itself, all the process's other
   *     threads on the rest, while that pays (see {@link InferencePinning}); null: never pinned
   * @param smoothing how the emit stage smooths each track's scores over time ({@link
   *     Smoothing#NONE}: written as the model gave them)
   */
  public record Config(
      int ringSize,
      int maxBatch,
      long batchDeadlineMillis,
      float minFaceSize,
      int liveQueue,
      int detectEvery,
      int detectEveryMax,
      int stillReuse,
      InferenceCore inferenceCore,
      Smoothing smoothing) {
    public static final int DEFAULT_DETECT_EVERY = 8;
    public static final int DEFAULT_DETECT_EVERY_MAX = 32;
    public static final int DEFAULT_STILL_REUSE = 2;
    public static final Config DEFAULT =
        new Config(
            32,
            16,
            20,
            32,
            2,
            DEFAULT_DETECT_EVERY,
            DEFAULT_DETECT_EVERY_MAX,
            DEFAULT_STILL_REUSE,
            null,
            Smoothing.NONE);

    public Config {
      if (Integer.bitCount(ringSize) != 1) {
        throw new IllegalArgumentException("ring size must be a power of two: " + ringSize);
      }
      if (maxBatch < 1) {
        throw new IllegalArgumentException("batch size must be at least 1: " + maxBatch);
      }
      if (detectEvery < 1) {
        throw new IllegalArgumentException("detect-every must be at least 1: " + detectEvery);
      }
      if (detectEveryMax < detectEvery) {
        throw new IllegalArgumentException(
            "detect-every-max ("
                + detectEveryMax
                + ") must not be below detect-every: "
                + detectEvery);
      }
      if (stillReuse < 0) {
        throw new IllegalArgumentException("still-reuse must not be negative: " + stillReuse);
      }
      if (smoothing == null) {
        throw new IllegalArgumentException("smoothing must be given (Smoothing.NONE for none)");
      }
    }

    /** This configuration with other detection intervals and {@code stillReuse}. */
    public Config withDetection(int every, int everyMax, int reuse) {
      return new Config(
          ringSize,
          maxBatch,
          batchDeadlineMillis,
          minFaceSize,
          liveQueue,
          every,
          everyMax,
          reuse,
          inferenceCore,
          smoothing);
    }

    /** This configuration with the inference stage pinned to {@code core} (null: never). */
    public Config withInferenceCore(InferenceCore core) {
      return new Config(
          ringSize,
          maxBatch,
          batchDeadlineMillis,
          minFaceSize,
          liveQueue,
          detectEvery,
          detectEveryMax,
          stillReuse,
          core,
          smoothing);
    }
  }

  /** How one input ended: frames recorded, and why it ended early (null when it did not). */
  public record StreamOutcome(String stream, long frames, String error) {}

  private final Disruptor<FrameEvent> disruptor;
  private final List<SourceReader> readers = new ArrayList<>();
  private final List<Thread> stageThreads = new CopyOnWriteArrayList<>();
  private final List<String> names = new ArrayList<>();
  private final Map<Integer, StreamOutcome> outcomes = new ConcurrentHashMap<>();
  private final CountDownLatch ended;
  private final EmitHandler emit;
  private final StageFailures failures = new StageFailures();

  public Pipeline(
      List<FrameSource> sources,
      FaceDetector detector,
      FaceAligner aligner,
      AffectModel model,
      List<ResultWriter> writers,
      Config config,
      PipelineMetrics metrics,
      Consumer<FrameResult> listener) {
    sources.forEach(s -> names.add(s.name()));
    this.ended = new CountDownLatch(sources.size());
    AtomicInteger threads = new AtomicInteger();
    HandoffWaitStrategy handoff = new HandoffWaitStrategy();
    disruptor =
        new Disruptor<>(
            FrameEvent::new,
            config.ringSize(),
            r -> {
              Thread t = new Thread(r, "stage-" + threads.incrementAndGet());
              t.setDaemon(true);
              stageThreads.add(t);
              return t;
            },
            ProducerType.MULTI,
            handoff);
    disruptor.setDefaultExceptionHandler(failures);
    int inputSize = model != null ? model.spec().inputSize() : aligner.size();
    boolean[] continuous = new boolean[sources.size()];
    for (int i = 0; i < continuous.length; i++) {
      continuous[i] = sources.get(i).continuous();
    }
    this.emit =
        new EmitHandler(
            List.copyOf(names),
            writers,
            metrics,
            config.smoothing().on() ? new TrackSmoother(config.smoothing(), continuous) : null,
            listener,
            end -> {
              outcomes.put(
                  end.stream(),
                  new StreamOutcome(names.get(end.stream()), end.frames(), end.reason()));
              ended.countDown();
            });
    EventHandlerGroup<FrameEvent> chain =
        disruptor
            .handleEventsWith(
                new NamedStage("detect", new DetectHandler(detector, config, continuous, metrics)))
            .then(
                new NamedStage(
                    "align", new AlignHandler(aligner, inputSize, config.minFaceSize(), metrics)));
    if (model != null) {
      chain =
          chain.then(
              new NamedStage(
                  "infer",
                  new InferHandler(
                      model,
                      config.maxBatch(),
                      TimeUnit.MILLISECONDS.toNanos(config.batchDeadlineMillis()),
                      metrics,
                      config.inferenceCore() != null
                          ? new InferencePinning(config.inferenceCore(), metrics)
                          : null)));
    }
    chain.then(new NamedStage("emit", emit));
    RingBuffer<FrameEvent> ring = disruptor.getRingBuffer();
    metrics
        .registry()
        .register(
            "ring.occupancy", (Gauge<Long>) () -> ring.getBufferSize() - ring.remainingCapacity());
    for (int i = 0; i < sources.size(); i++) {
      readers.add(new SourceReader(i, sources.get(i), ring, handoff, config.liveQueue()));
    }
  }

  /** Starts the stages, then the sources (already opened by the caller). */
  public void start() {
    disruptor.start();
    readers.forEach(SourceReader::start);
  }

  /** Asks every source to stop; what is in flight still reaches the output. */
  public void stop() {
    readers.forEach(SourceReader::stop);
  }

  /** Waits until every input's last record is written; returns how each ended, in input order. */
  public List<StreamOutcome> await() throws InterruptedException {
    ended.await();
    List<StreamOutcome> list = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      list.add(outcomes.get(i));
    }
    return list;
  }

  /** Waits at most {@code millis}; true when every input has ended. */
  public boolean await(long millis) throws InterruptedException {
    return ended.await(millis, TimeUnit.MILLISECONDS);
  }

  /**
   * The first error a stage threw (inference failure, say), or null; such frames go out unscored.
   */
  public Throwable stageFailure() {
    return failures.first();
  }

  public int stageFailures() {
    return failures.count();
  }

  /** The first error writing output, or null. */
  public Exception writeFailure() {
    return emit.writeFailure();
  }

  @Override
  public void close() {
    stop();
    for (SourceReader r : readers) {
      try {
        r.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    disruptor.shutdown();
    // Disruptor's halt only signals its stages: each runs onShutdown (the inference stage lets go
    // of its core there) on its own thread afterwards. Closed means all of that is done.
    for (Thread t : stageThreads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
