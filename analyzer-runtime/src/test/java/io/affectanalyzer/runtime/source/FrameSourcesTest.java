package io.affectanalyzer.runtime.source;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameSourcesTest {
  @TempDir Path tmp;

  private static FrameSource open(String input) {
    return FrameSources.open(input, SourceOptions.defaults());
  }

  @Test
  void shouldPickTheSourceKindFromTheInput() throws Exception {
    assertInstanceOf(StreamSource.class, open("rtsp://cam.local:554/live"));
    assertInstanceOf(StreamSource.class, open("RTSPS://cam.local/live"));
    assertInstanceOf(StreamSource.class, open("https://example.org/live.m3u8"));
    assertInstanceOf(StreamSource.class, open("rtmp://example.org/app/key"));
    assertInstanceOf(WebcamSource.class, open("/dev/video0"));
    assertInstanceOf(ImageSource.class, open(tmp.toString()));
    assertInstanceOf(ImageSource.class, open("photo.JPEG"));
    assertInstanceOf(ImageSource.class, open("scan.tif"));
    assertInstanceOf(VideoFileSource.class, open("clip.mkv"));
    // A folder named like a video is still a folder of images.
    Path folder = Files.createDirectory(tmp.resolve("frames.mp4"));
    assertInstanceOf(ImageSource.class, open(folder.toString()));
  }
}
