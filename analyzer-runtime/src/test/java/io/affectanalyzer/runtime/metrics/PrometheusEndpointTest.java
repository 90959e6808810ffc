package io.affectanalyzer.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import io.affectanalyzer.runtime.align.FaceAligner;
import io.affectanalyzer.runtime.detect.TwoPassBlazeFaceDetector;
import io.affectanalyzer.runtime.model.ModelSpec;
import io.affectanalyzer.runtime.model.OnnxAffectModel;
import io.affectanalyzer.runtime.onnx.OrtSessions;
import io.affectanalyzer.runtime.output.FrameResult;
import io.affectanalyzer.runtime.pipeline.Pipeline;
import io.affectanalyzer.runtime.pipeline.PipelineMetrics;
import io.affectanalyzer.runtime.source.FrameSource;
import io.affectanalyzer.runtime.source.VideoFileSource;
import io.affectanalyzer.runtime.testing.PrometheusScrape;
import io.affectanalyzer.runtime.testing.SharedData;
import io.affectanalyzer.runtime.testing.TinyModels;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrometheusEndpointTest {
  @TempDir Path dir;

  @Test
  void shouldServeThePipelinesMetricsWhileItRuns() throws Exception {
    Path clip = SharedData.require("videos/single_face.mp4");
    Path file = TinyModels.write(dir.resolve("tiny.onnx"), new TinyModels.Spec().size(32));
    MetricRegistry registry = new MetricRegistry();
    PipelineMetrics metrics = new PipelineMetrics(registry);
    AtomicReference<PrometheusScrape> during = new AtomicReference<>();
    AtomicReference<Exception> failed = new AtomicReference<>();
    String url;
    try (PrometheusEndpoint endpoint =
            PrometheusEndpoint.start(PrometheusEndpoint.address("127.0.0.1:0"), registry);
        OnnxAffectModel model = OnnxAffectModel.open(file, OrtSessions.Options.cpu(1));
        TwoPassBlazeFaceDetector detector =
            TwoPassBlazeFaceDetector.open(OrtSessions.Options.cpu(1))) {
      url = endpoint.url();
      assertTrue(url.matches("http://127\\.0\\.0\\.1:[1-9][0-9]*/metrics"), url);
      ModelSpec spec = model.spec();
      FaceAligner aligner = new FaceAligner(spec.inputSize(), spec.rgb(), spec.mean(), spec.std());
      // The emit thread holds frame 20 here: frames 0-20 are counted, its emit is not.
      Consumer<FrameResult> atFrame20 =
          r -> {
            try {
              if (r.frame() == 20) {
                during.set(PrometheusScrape.of(url));
              }
            } catch (Exception e) {
              failed.set(e);
            }
          };
      FrameSource source = new VideoFileSource(clip);
      source.start();
      List<FrameSource> sources = List.of(source);
      Pipeline.Config config = Pipeline.Config.DEFAULT;
      try (Pipeline p =
          new Pipeline(sources, detector, aligner, model, List.of(), config, metrics, atFrame20)) {
        p.start();
        assertEquals(72, p.await().get(0).frames());
      }
    }
    if (failed.get() != null) {
      throw failed.get();
    }
    PrometheusScrape s = during.get();
    assertNotNull(s, "scraped at frame 20");
    assertEquals(200, s.status());
    assertTrue(s.contentType().startsWith("text/plain"), s.contentType());
    assertEquals(21, s.value("frames_total"), "frames 0-20");
    assertEquals(20, s.value("stage_emit_count"), "the emit of frames 0-19");
    for (String stage : List.of("detect", "align", "infer")) {
      double count = s.value("stage_" + stage + "_count");
      // Detect and align time each frame, infer each batch of faces.
      assertTrue(count >= (stage.equals("infer") ? 1 : 21) && count <= 72, stage + " " + count);
      double median = s.value("stage_" + stage + "{quantile=\"0.5\"}");
      assertTrue(median > 0 && median < 10, stage + " median " + median + " s");
    }
    assertEquals(0, s.value("dropped_total"));
    assertTrue(s.value("faces_total") >= 15, "faces " + s.value("faces_total"));
    double occupancy = s.value("ring_occupancy");
    assertTrue(occupancy >= 0 && occupancy <= 32, "ring " + occupancy);
    assertEquals("summary", s.types().get("latency_capture_to_emit_us"));
    assertEquals(21, s.value("latency_capture_to_emit_us_count"));
    // Closed with the run: nothing listens there any more.
    assertThrows(ConnectException.class, () -> PrometheusScrape.of(url));
  }

  @Test
  void shouldListenOnTheLoopbackAddressWhenGivenOnlyAPort() {
    InetSocketAddress a = PrometheusEndpoint.address("9464");
    assertEquals(InetAddress.getLoopbackAddress(), a.getAddress());
    assertEquals(9464, a.getPort());
    assertEquals(
        "127.0.0.1", PrometheusEndpoint.address("127.0.0.1:0").getAddress().getHostAddress());
    assertEquals(9100, PrometheusEndpoint.address("[::1]:9100").getPort());
  }

  @Test
  void shouldRefuseAnAddressWithoutAPortOrWithABadHost() {
    for (String bad :
        List.of(
            "",
            "127.0.0.1",
            "127.0.0.1:",
            ":9464",
            "127.0.0.1:99999",
            "local_host:9464",
            "127.0.0.1:9464:1",
            "[::1:9464")) {
      assertThrows(IllegalArgumentException.class, () -> PrometheusEndpoint.address(bad), bad);
    }
  }

  @Test
  void shouldFailToStartOnAPortThatIsTaken() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      InetSocketAddress a =
          new InetSocketAddress(InetAddress.getLoopbackAddress(), taken.getLocalPort());
      assertThrows(
          java.io.IOException.class, () -> PrometheusEndpoint.start(a, new MetricRegistry()));
    }
  }
}
