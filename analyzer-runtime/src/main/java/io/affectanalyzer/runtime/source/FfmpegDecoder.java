package io.affectanalyzer.runtime.source;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIndexEntry;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/** One started FFmpeg demuxer and video decoder giving BGR24 frames; sole owner of its grabber. */
final class FfmpegDecoder implements AutoCloseable {
  private static final Pattern ERROR_CODE = Pattern.compile("\\(\\) error (-?\\d+)");
  private static volatile boolean logLevelSet;

  private final FFmpegFrameGrabber grabber;

  private FfmpegDecoder(FFmpegFrameGrabber grabber) {
    this.grabber = grabber;
  }

  /**
   * Opens {@code input} (a path, URL or device) and its first video stream.
   *
   * @param format a forced demuxer ({@code v4l2}) or null to let FFmpeg probe
   * @throws FrameGrabber.Exception what FFmpeg said; callers turn it into a user message
   */
  static FfmpegDecoder open(String input, String format, Map<String, String> options)
      throws FrameGrabber.Exception {
    quietFfmpeg();
    FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(input);
    try {
      if (format != null) {
        grabber.setFormat(format);
      }
      grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
      grabber.setImageMode(FrameGrabber.ImageMode.COLOR);
      options.forEach(grabber::setOption);
      grabber.start();
      if (!grabber.hasVideo()) {
        throw new FrameGrabber.Exception("no video stream");
      }
      return new FfmpegDecoder(grabber);
    } catch (FrameGrabber.Exception | RuntimeException e) {
      release(grabber);
      throw e;
    }
  }

  /** The next decoded picture (the grabber's reused frame), or null at the end. */
  Frame next() throws FrameGrabber.Exception {
    return grabber.grabImage();
  }

  long timestampMicros() {
    return grabber.getTimestamp();
  }

  /** The stream's average frame rate, else its base rate, in frames per second; 0 when unknown. */
  double frameRate() {
    AVStream stream = videoStream();
    if (stream == null) {
      return 0;
    }
    AVRational rate = stream.avg_frame_rate();
    if (rate.num() <= 0 || rate.den() <= 0) {
      rate = stream.r_frame_rate();
    }
    return rate.num() > 0 && rate.den() > 0 ? (double) rate.num() / rate.den() : 0;
  }

  /** Video frames the container lists (its packet count), or -1 when it does not say. */
  long listedFrames() {
    AVStream stream = videoStream();
    return stream != null && stream.nb_frames() > 0 ? stream.nb_frames() : -1;
  }

  /** The listed count, else JavaCV's duration x rate estimate, else -1. */
  long expectedFrames() {
    long listed = listedFrames();
    if (listed > 0) {
      return listed;
    }
    int estimate = grabber.getLengthInVideoFrames();
    return estimate > 0 ? estimate : -1;
  }

  /**
   * The byte just past the last video packet the container's index lists (MP4, MOV, MKV cues), or
   * -1 without an index. A file shorter than this was cut.
   */
  long indexedVideoEnd() {
    AVStream stream = videoStream();
    if (stream == null) {
      return -1;
    }
    int entries = avformat.avformat_index_get_entries_count(stream);
    long end = -1;
    // Entries are sorted by time, not position; the largest end is the one that counts.
    for (int i = 0; i < entries; i++) {
      AVIndexEntry entry = avformat.avformat_index_get_entry(stream, i);
      if (entry != null) {
        end = Math.max(end, entry.pos() + entry.size());
      }
    }
    return end;
  }

  private AVStream videoStream() {
    AVFormatContext context = grabber.getFormatContext();
    for (int i = 0; i < context.nb_streams(); i++) {
      AVStream stream = context.streams(i);
      if (stream.codecpar().codec_type() == avutil.AVMEDIA_TYPE_VIDEO) {
        return stream;
      }
    }
    return null;
  }

  @Override
  public void close() {
    release(grabber);
  }

  /** FFmpeg's complaint as one line, without JavaCV's hints. */
  static String reason(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    String line = message.strip().lines().findFirst().orElse("");
    // JavaCV says "avformat_open_input() error -111: Could not open input ..."; the code's own
    // text ("Connection refused") is what the user needs.
    Matcher code = ERROR_CODE.matcher(line);
    if (code.find()) {
      String text = errorText(Integer.parseInt(code.group(1)));
      if (text != null) {
        return text;
      }
    }
    return line;
  }

  private static String errorText(int code) {
    byte[] buffer = new byte[256];
    if (avutil.av_strerror(code, buffer, buffer.length) < 0) {
      return null;
    }
    int end = 0;
    while (end < buffer.length && buffer[end] != 0) {
      end++;
    }
    return end == 0 ? null : new String(buffer, 0, end, StandardCharsets.UTF_8);
  }

  private static void release(FFmpegFrameGrabber grabber) {
    try {
      grabber.close();
    } catch (FrameGrabber.Exception | RuntimeException ignored) {
      // Releasing a half-open grabber can fail again; the native memory is freed either way.
    }
  }

  /** FFmpeg writes decoder chatter to stderr; errors reach the user through SourceException. */
  private static void quietFfmpeg() {
    if (!logLevelSet) {
      boolean verbose = Boolean.getBoolean("analyzer.ffmpeg.verbose");
      avutil.av_log_set_level(verbose ? avutil.AV_LOG_INFO : avutil.AV_LOG_FATAL);
      logLevelSet = true;
    }
  }
}
