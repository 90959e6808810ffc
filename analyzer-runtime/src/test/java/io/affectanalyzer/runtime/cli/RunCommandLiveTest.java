package io.affectanalyzer.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code analyzer run} on a real RTSP stream from a loopback server that dies mid-stream. */
class RunCommandLiveTest {
  @TempDir Path dir;

  @Test
  void shouldRecordEveryReceivedFrameAndEndCleanlyWhenTheServerDiesMidStream() throws Exception {
    Path out;
    String stderr;
    int code;
    try (LiveRun live =
        LiveRun.withTinyModel(
            "videos/WolfgangLanger_Pexels.mp4",
            dir,
            "--connect-timeout-ms",
            "2000",
            "--read-timeout-ms",
            "2000",
            "--reconnect",
            "1")) {
      // Let it analyse a few seconds of the live stream, then pull the plug.
      live.awaitRecords(30, 20);
      code = live.killServerAndAwait();
      out = live.out();
      stderr = live.stderr();
    }
    List<JsonNode> recs = new ArrayList<>();
    for (String line : Files.readAllLines(out)) {
      recs.add(new ObjectMapper().readTree(line));
    }
    assertTrue(recs.size() >= 30, recs.size() + " records; " + stderr);
    // Every frame received is in the output, analysed or recorded as dropped, in order.
    for (int i = 0; i < recs.size(); i++) {
      assertEquals(i, recs.get(i).get("frame").asLong());
    }
    // Under load the oldest frames are dropped (recorded, not analysed); those analysed show her.
    List<JsonNode> kept = recs.stream().filter(r -> !r.path("dropped").asBoolean(false)).toList();
    long withFace = kept.stream().filter(r -> r.get("faces").size() > 0).count();
    assertTrue(kept.size() >= 10, kept.size() + " analysed of " + recs.size());
    assertTrue(withFace >= 0.9 * kept.size(), withFace + " of " + kept.size() + " with a face");
    assertEquals(ExitCodes.INPUT_ENDED_EARLY, code, stderr);
    List<String> errors = stderr.lines().filter(l -> l.startsWith("error:")).toList();
    assertEquals(1, errors.size(), stderr);
    assertTrue(errors.get(0).contains(recs.size() + " frames written"), errors.get(0));
    assertFalse(stderr.contains("\tat "), stderr);
  }
}
