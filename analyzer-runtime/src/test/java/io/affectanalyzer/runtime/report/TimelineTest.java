package io.affectanalyzer.runtime.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimelineTest {
  private static String face(int track, int side, String best, double valence) {
    StringBuilder expr = new StringBuilder();
    for (String name :
        List.of(
            "neutral", "anger", "disgust", "fear", "happiness", "sadness", "surprise", "other")) {
      expr.append(expr.isEmpty() ? "" : ",")
          .append('"')
          .append(name)
          .append("\":")
          .append(name.equals(best) ? 0.9 : 0.01);
    }
    return "{\"track\":%d,\"box\":[0,0,%d,%d],\"expr\":{%s},\"valence\":%s,\"arousal\":0.2}"
        .formatted(track, side, side, expr, valence);
  }

  private static String record(String stream, int frame, String... faces) {
    return "{\"stream\":\"%s\",\"frame\":%d,\"pts_ms\":%d,\"faces\":[%s]}"
        .formatted(stream, frame, frame * 40, String.join(",", faces));
  }

  @Test
  void shouldFollowTheLargestFaceOrTheGivenTrackAndCountLabelChanges(@TempDir Path dir)
      throws Exception {
    Path f =
        Files.write(
            dir.resolve("r.jsonl"),
            List.of(
                record("a", 0, face(1, 50, "neutral", 0.0), face(2, 90, "happiness", 0.5)),
                record("a", 1, face(1, 50, "neutral", 0.0), face(2, 90, "happiness", 0.6)),
                record("b", 0, face(7, 40, "fear", -0.5)),
                record("a", 2),
                record("a", 3, face(1, 95, "surprise", 0.1), face(2, 90, "sadness", -0.4))));
    Timeline largest = Timeline.read(f, null, null);
    assertEquals(4, largest.frames(), "stream a has 4 records");
    assertEquals(List.of(0.0, 0.04, 0.12), largest.seconds());
    assertEquals(1, largest.labelCounts().get("surprise"));
    assertEquals(2, largest.labelCounts().get("happiness"));
    assertEquals(1, largest.labelChanges());
    assertArrayEquals(new float[] {0.6f, 0.2f}, largest.va().get(1));

    Timeline one = Timeline.read(f, null, 1);
    assertEquals(2, one.labelCounts().get("neutral"));
    assertEquals(1, one.labelCounts().get("surprise"));

    Timeline b = Timeline.read(f, "b", null);
    assertEquals(1, b.frames());
    assertEquals(1, b.labelCounts().get("fear"));
  }

  @Test
  void shouldNameFileAndLineOfAMalformedRecord(@TempDir Path dir) throws Exception {
    Path f =
        Files.write(
            dir.resolve("r.jsonl"),
            List.of(record("a", 0, face(1, 50, "neutral", 0.0)), "{\"frame\": 1}"));
    Timeline.FormatException e =
        assertThrows(Timeline.FormatException.class, () -> Timeline.read(f, null, null));
    assertTrue(e.getMessage().endsWith("r.jsonl:2: not an analyzer record (no pts_ms/faces)"));
  }
}
