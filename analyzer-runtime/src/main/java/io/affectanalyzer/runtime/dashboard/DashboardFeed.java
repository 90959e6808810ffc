package io.affectanalyzer.runtime.dashboard;

import io.affectanalyzer.runtime.frame.Image;
import io.affectanalyzer.runtime.model.ModelSpec;
import io.affectanalyzer.runtime.output.FrameAnnotator;
import io.affectanalyzer.runtime.output.FrameImageWriter;
import io.affectanalyzer.runtime.output.FrameResult;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The dashboard's side of the emit stage: each record updates its stream's {@link StreamBoard} and
 * goes to every {@link RecordSubscription}; a few frames a second per stream are copied out of the
 * ring and handed to a thread of the feed's own, which draws the results on them ({@link
 * FrameAnnotator}, as {@code --annotate} does) and encodes them as JPEG. Nothing here waits: a
 * frame arriving while the last one is still being encoded is simply not shown.
 */
public final class DashboardFeed implements FrameImageWriter {
  /** Shortest time between two pictures of one stream: at most 5 a second. */
  static final long FRAME_INTERVAL_NANOS = 200_000_000L;

  private static final float JPEG_QUALITY = 0.8f;

  private record Job(StreamBoard board, FrameResult frame, BufferedImage picture) {}

  private static final Job END = new Job(null, null, null);

  private final List<StreamBoard> boards = new ArrayList<>();
  private final Map<String, StreamBoard> byName = new HashMap<>();
  private final long[] lastPictureNanos;
  private final List<RecordSubscription> subscriptions = new CopyOnWriteArrayList<>();
  private final BlockingQueue<Job> jobs = new ArrayBlockingQueue<>(1);
  private final FrameAnnotator annotator;
  private final Thread encoder;
  private boolean closed;

  /**
   * @param streams the inputs' names, in input order
   * @param spec the model's description, or null without a model
   */
  public DashboardFeed(List<String> streams, ModelSpec spec) {
    for (int i = 0; i < streams.size(); i++) {
      StreamBoard board = new StreamBoard(i, streams.get(i));
      boards.add(board);
      byName.putIfAbsent(board.name(), board);
    }
    this.lastPictureNanos = new long[streams.size()];
    Arrays.fill(lastPictureNanos, System.nanoTime() - FRAME_INTERVAL_NANOS); // the first is due
    this.annotator = new FrameAnnotator(spec);
    this.encoder = new Thread(this::encode, "dashboard-jpeg");
    encoder.setDaemon(true);
    encoder.start();
  }

  List<StreamBoard> boards() {
    return boards;
  }

  /** A new client of the records, each record from now on; {@link #unsubscribe} when it leaves. */
  RecordSubscription subscribe() {
    RecordSubscription s = new RecordSubscription();
    subscriptions.add(s);
    return s;
  }

  void unsubscribe(RecordSubscription s) {
    subscriptions.remove(s);
  }

  @Override
  public void write(FrameResult frame, Image pixels) {
    StreamBoard board = byName.get(frame.stream());
    if (board == null) {
      return;
    }
    long now = System.nanoTime();
    board.record(frame, now);
    for (RecordSubscription s : subscriptions) {
      s.offer(frame);
    }
    int i = board.index();
    if (pixels != null
        && now - lastPictureNanos[i] >= FRAME_INTERVAL_NANOS
        && jobs.remainingCapacity() > 0) {
      lastPictureNanos[i] = now;
      jobs.offer(new Job(board, frame, copy(pixels)));
    }
  }

  /** The pixels in an image whose layout is the frame's own (BGR, packed rows). */
  private static BufferedImage copy(Image pixels) {
    BufferedImage out =
        new BufferedImage(pixels.width(), pixels.height(), BufferedImage.TYPE_3BYTE_BGR);
    byte[] data = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
    System.arraycopy(pixels.bgr(), 0, data, 0, data.length);
    return out;
  }

  private void encode() {
    while (true) {
      Job job;
      try {
        job = jobs.take();
      } catch (InterruptedException e) {
        return;
      }
      if (job == END) {
        return;
      }
      BufferedImage picture = job.picture();
      byte[] data = ((DataBufferByte) picture.getRaster().getDataBuffer()).getData();
      try {
        annotator.draw(new Image(picture.getWidth(), picture.getHeight(), data), job.frame());
        job.board().frameImage(job.frame().frame(), jpeg(picture));
      } catch (IOException | RuntimeException e) {
        // A picture that cannot be drawn or encoded is not shown; the records still are.
      }
    }
  }

  private static byte[] jpeg(BufferedImage picture) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ImageWriteParam param = writer.getDefaultWriteParam();
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionQuality(JPEG_QUALITY);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(picture, null, null), param);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  /** Stops the encoder once the last picture is shown; what the boards hold stays served. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      jobs.put(END);
      encoder.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      encoder.interrupt();
      Thread.currentThread().interrupt();
    }
  }
}
