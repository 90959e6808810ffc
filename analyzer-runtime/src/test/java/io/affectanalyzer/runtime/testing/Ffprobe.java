package io.affectanalyzer.runtime.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Frame counts from the ffprobe CLI, the reference a decoder's count is checked against. */
public final class Ffprobe {
  private Ffprobe() {}

  /** A video stream as ffprobe decodes it: every frame counted, the rate as a fraction. */
  public record VideoStream(long frames, String rate, int width, int height) {}

  /** The first video stream of {@code video}, its frames counted by decoding them all. */
  public static VideoStream videoStream(Path video) throws IOException, InterruptedException {
    Map<String, String> fields = new HashMap<>();
    for (String line :
        probe(video, "stream=nb_read_frames,r_frame_rate,width,height", "default=nw=1")
            .split("\\R")) {
      int eq = line.indexOf('=');
      if (line.matches("[a-z_]+=.*")) { // not a decoder's complaint about a cut file
        fields.put(line.substring(0, eq), line.substring(eq + 1).strip());
      }
    }
    return new VideoStream(
        Long.parseLong(fields.get("nb_read_frames")),
        fields.get("r_frame_rate"),
        Integer.parseInt(fields.get("width")),
        Integer.parseInt(fields.get("height")));
  }

  public static long countFrames(Path video) throws IOException, InterruptedException {
    return Long.parseLong(probe(video, "stream=nb_read_frames", "csv=p=0").split("[,\\s]")[0]);
  }

  private static String probe(Path video, String entries, String format)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                "ffprobe",
                "-v",
                "error",
                "-count_frames",
                "-select_streams",
                "v:0",
                "-show_entries",
                entries,
                "-of",
                format,
                video.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("ffprobe failed on " + video + ": " + out);
    }
    return out;
  }
}
