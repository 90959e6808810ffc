package io.affectanalyzer.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affectanalyzer.runtime.testing.CliRun;
import io.affectanalyzer.runtime.testing.PrometheusScrape;
import io.affectanalyzer.runtime.testing.SharedData;
import io.affectanalyzer.runtime.testing.TinyModels;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code analyzer run --metrics prometheus:HOST:PORT}: scraped while a live stream runs. */
class RunCommandPrometheusTest {
  private static final Pattern URL = Pattern.compile("Prometheus metrics at (http://\\S+)");
  @TempDir Path dir;

  @Test
  void shouldServeTheRunsMetricsWhileItRunsAndStopWithIt() throws Exception {
    PrometheusScrape during;
    String url;
    int code;
    String stderr;
    try (LiveRun live =
        LiveRun.withTinyModel(
            "videos/WolfgangLanger_Pexels.mp4",
            dir,
            "--metrics",
            "prometheus:127.0.0.1:0",
            "--read-timeout-ms",
            "2000",
            "--reconnect",
            "0")) {
      // The stream plays for 20 s: scrape once 20 of its frames are out, then pull the plug.
      live.awaitRecords(20, 20);
      Matcher m = URL.matcher(live.stderr());
      assertTrue(m.find(), live.stderr());
      url = m.group(1);
      during = PrometheusScrape.of(url);
      assertTrue(live.records() >= 20, live.records() + " records");
      code = live.killServerAndAwait();
      stderr = live.stderr();
    }
    assertTrue(url.startsWith("http://127.0.0.1:"), url);
    assertEquals(200, during.status());
    assertTrue(during.value("frames_total") >= 20, "frames " + during.value("frames_total"));
    assertTrue(during.value("stage_emit_count") >= 19, "emit " + during.value("stage_emit_count"));
    // Live frames dropped under load skip detection and inference; those analysed pass them all.
    assertTrue(during.value("stage_detect_count") >= 1);
    assertTrue(during.value("stage_infer_count") >= 1);
    assertTrue(during.value("dropped_total") <= during.value("frames_total"));
    assertEquals("summary", during.types().get("latency_capture_to_emit_us"));
    assertEquals(ExitCodes.INPUT_ENDED_EARLY, code, stderr);
    assertThrows(ConnectException.class, () -> PrometheusScrape.of(url), "stopped with the run");
  }

  @Test
  void shouldRefuseAPrometheusAddressWithoutAPortOrWithABadHost() {
    for (String bad :
        List.of(
            "prometheus:",
            "prometheus:127.0.0.1",
            "prometheus:local_host:9464",
            "prometheus:127.0.0.1:70000")) {
      CliRun.run(
              "--input",
              dir.resolve("clip.mp4").toString(),
              "--metrics",
              bad,
              "--out",
              dir.resolve("o.jsonl").toString())
          .assertRefused("--metrics " + bad);
    }
  }

  @Test
  void shouldRefuseAPortThatIsTaken() throws Exception {
    Path video = SharedData.require("videos/single_face.mp4");
    Path model = TinyModels.write(dir.resolve("tiny.onnx"), new TinyModels.Spec().size(32));
    CliRun run;
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      run =
          CliRun.run(
              "--input",
              video.toString(),
              "--model",
              model.toString(),
              "--metrics",
              "prometheus:127.0.0.1:" + taken.getLocalPort(),
              "--out",
              dir.resolve("o.jsonl").toString());
    }
    run.assertRefused("cannot listen there");
  }
}
