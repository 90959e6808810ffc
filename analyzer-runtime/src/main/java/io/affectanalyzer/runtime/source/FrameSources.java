package io.affectanalyzer.runtime.source;

import java.nio.file.Files;
import java.nio.file.Path;

/** Picks the source for an input as the user wrote it. */
public final class FrameSources {
  private FrameSources() {}

  /**
   * A source for {@code input}, not yet started: a stream URL (rtsp, rtsps, rtmp, http, https), a
   * webcam ({@code /dev/video*}), a folder of images, an image file (by extension), else a video
   * file. Missing inputs fail in {@link FrameSource#start()}.
   */
  public static FrameSource open(String input, SourceOptions options) {
    if (input == null || input.isBlank()) {
      throw new IllegalArgumentException("input must be given");
    }
    if (StreamSource.handles(input)) {
      return new StreamSource(input, options);
    }
    if (WebcamSource.handles(input)) {
      return new WebcamSource(input);
    }
    Path path = Path.of(input);
    if (Files.isDirectory(path) || ImageSource.isImageFile(path)) {
      return new ImageSource(path, input);
    }
    return new VideoFileSource(path, input);
  }
}
