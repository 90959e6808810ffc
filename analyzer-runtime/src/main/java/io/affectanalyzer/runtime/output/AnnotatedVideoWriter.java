package io.affectanalyzer.runtime.output;

import io.affectanalyzer.runtime.frame.Image;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;

/**
 * One input's annotated copy as a video file, encoded by FFmpeg through JavaCV at the input's frame
 * rate, one output frame per input frame (a dropped live frame repeats the last picture). MP4 and
 * MOV are written fragmented, a fragment per keyframe and a keyframe a second: a run killed
 * outright leaves a file that plays up to its last whole second, and {@link #close()} writes the
 * rest. Sole owner of its recorder, which it opens at the first picture (when the size is known);
 * used from one thread.
 */
final class AnnotatedVideoWriter implements AnnotationSink {
  /** Bits per pixel and frame: enough for sharp boxes and text on a 360-line H.264 frame. */
  private static final double BITS_PER_PIXEL = 0.2;

  /** An FFmpeg encoder and what it makes, for the user: "H.264 by libopenh264". */
  record Codec(String encoder, String format) {
    /**
     * The best encoder this FFmpeg build has: H.264 by libx264 (GPL builds) or libopenh264 (the
     * build the project uses), else MPEG-4 part 2, which every build has.
     */
    static Codec best() {
      for (String h264 : new String[] {"libx264", "libopenh264"}) {
        AVCodec codec = avcodec.avcodec_find_encoder_by_name(h264);
        if (codec != null && !codec.isNull()) {
          return new Codec(h264, "H.264");
        }
      }
      return new Codec("mpeg4", "MPEG-4 part 2");
    }

    @Override
    public String toString() {
      return format + " by " + encoder;
    }
  }

  private final Path file;
  private final double fps;
  private final Codec codec;
  private FFmpegFrameRecorder recorder;
  private ByteBuffer pixels;
  private int width;
  private int height;
  private long frames;
  private long repeatsOwed;

  AnnotatedVideoWriter(Path file, double fps, Codec codec) {
    this.file = file;
    this.fps = fps;
    this.codec = codec;
  }

  /** FFmpeg's muxer for the file's extension (checked by {@link AnnotationTargets}). */
  static String container(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".mkv") ? "matroska" : name.endsWith(".mov") ? "mov" : "mp4";
  }

  @Override
  public void write(FrameResult frame, Image picture) throws IOException {
    if (picture == null) {
      // A dropped frame still takes its place in time: the last picture (still in the buffer)
      // again, or, before the first, once the first arrives.
      if (recorder == null) {
        repeatsOwed++;
      } else {
        record();
      }
      return;
    }
    if (recorder == null) {
      start(picture.width(), picture.height());
    }
    int size = picture.width() * picture.height() * 3;
    if (pixels == null || pixels.capacity() < size) {
      pixels = ByteBuffer.allocateDirect(size); // native side of the copy, read by swscale
    }
    pixels.clear();
    pixels.put(picture.bgr(), 0, size).flip();
    width = picture.width();
    height = picture.height();
    record();
    for (; repeatsOwed > 0; repeatsOwed--) {
      record();
    }
  }

  private void start(int w, int h) throws IOException {
    // yuv420p needs even sides; an odd column or row is scaled away.
    int evenW = w & ~1;
    int evenH = h & ~1;
    if (evenW < 2 || evenH < 2) {
      throw new IOException("a " + w + "x" + h + " picture is too small to encode");
    }
    FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), evenW, evenH, 0);
    r.setFormat(container(file));
    r.setVideoCodecName(codec.encoder());
    r.setFrameRate(fps);
    r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
    r.setGopSize(Math.max(1, (int) Math.round(fps)));
    r.setVideoBitrate((int) Math.min(Integer.MAX_VALUE, BITS_PER_PIXEL * evenW * evenH * fps));
    if (!r.getFormat().equals("matroska")) {
      r.setOption("movflags", "frag_keyframe+empty_moov+default_base_moof");
    }
    r.setOption("flush_packets", "1"); // each fragment reaches the file as it is finished
    try {
      r.start();
    } catch (FrameRecorder.Exception | RuntimeException e) {
      release(r);
      throw new IOException("cannot start encoding " + file + ": " + firstLine(e), e);
    }
    recorder = r;
  }

  private void record() throws IOException {
    try {
      recorder.recordImage(
          width, height, Frame.DEPTH_UBYTE, 3, width * 3, avutil.AV_PIX_FMT_BGR24, pixels);
    } catch (FrameRecorder.Exception e) {
      throw new IOException("encoding " + file + " failed: " + firstLine(e), e);
    }
    frames++;
  }

  @Override
  public String summary() {
    return frames == 0
        ? "no frame, so no " + file
        : frames + " frames into " + file + " (" + codec + ")";
  }

  @Override
  public void close() throws IOException {
    if (recorder == null) {
      return;
    }
    FFmpegFrameRecorder r = recorder;
    recorder = null;
    try {
      r.stop(); // the encoder's delayed frames and the file's index
    } catch (FrameRecorder.Exception e) {
      throw new IOException("finishing " + file + " failed: " + firstLine(e), e);
    } finally {
      release(r);
    }
  }

  private static void release(FFmpegFrameRecorder r) {
    try {
      r.release();
    } catch (FrameRecorder.Exception | RuntimeException ignored) {
      // the native context is freed either way
    }
  }

  private static String firstLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.strip().lines().findFirst().orElse(m);
  }
}
