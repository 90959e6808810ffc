package io.affectanalyzer.runtime.cli;

import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.affectanalyzer.runtime.testing.CliRun;
import io.affectanalyzer.runtime.testing.HeadlessChromium;
import io.affectanalyzer.runtime.testing.SharedData;
import io.affectanalyzer.runtime.testing.TinyModels;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code analyzer run --serve}: the dashboard of a real run, read over HTTP (java.net.http) and
 * looked at in a real headless Chromium (skipped without it) while a video is analysed at its frame
 * rate ({@code --realtime}: about 20 s of video for the browser, 2.4 s over HTTP).
 */
class RunServeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern POINTS = Pattern.compile("id=\"points-0\">(\\d+)<");
  private static final Pattern FRAME_IMG = Pattern.compile("<img[^>]*id=\"frame-0\"[^>]*>");

  @TempDir Path dir;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ExecutorService background = Executors.newCachedThreadPool();

  @AfterEach
  void stopBackground() {
    background.shutdownNow();
  }

  @Test
  void shouldShowTheFrameAndAGrowingChartInABrowserWhileAVideoIsAnalysed() throws Exception {
    // The screenshot stays in target/dashboard-screenshot.png to be looked at.
    HeadlessChromium chromium = HeadlessChromium.require(dir);
    Path video = SharedData.require("videos/WolfgangLanger_Pexels.mp4");
    String base = "http://127.0.0.1:" + freePort();
    Future<CliRun> run = serving(base, "--input", video, "--model", model(), "--realtime");
    awaitStream(base, run, s -> s.get("image_frame").asLong() >= 0);

    String first = chromium.dumpDom(base + "/", 1500);
    String second = chromium.dumpDom(base + "/", 1500);
    assertTrue(
        points(second) > points(first),
        "the chart grows while the video is analysed: " + points(first) + ", " + points(second));
    Matcher img = FRAME_IMG.matcher(second);
    assertTrue(img.find(), "the page has the stream's frame");
    assertTrue(img.group().contains("data-loaded=\"true\""), "the frame loaded: " + img.group());
    assertTrue(img.group().contains("data-width=\"640\""), img.group());

    Path png = dir.resolve("dashboard.png");
    chromium.screenshot(base + "/", 1500, png, 1200, 900);
    BufferedImage shot = ImageIO.read(png.toFile());
    assertEquals(1200, shot.getWidth());
    assertEquals(900, shot.getHeight());
    assertTrue(lumaSpread(shot, 30, 60, 460, 250) > 15, "the frame area shows a picture");
    Files.copy(png, Path.of("target", "dashboard-screenshot.png"), REPLACE_EXISTING);

    CliRun done = run.get(60, TimeUnit.SECONDS);
    assertEquals(0, done.code(), done.stderr());
    assertTrue(done.errorLines().isEmpty(), done.stderr());
  }

  @Test
  void shouldServeStreamsMetricsFramesAndRecordsAndLingerAfterTheRun() throws Exception {
    Path video = SharedData.require("videos/single_face.mp4");
    String base = "http://127.0.0.1:" + freePort();
    Future<CliRun> run =
        serving(base, "--input", video, "--model", model(), "--realtime", "--serve-linger", "3");
    awaitStream(base, run, s -> true);
    List<JsonNode> events = records(base, 5);
    long previous = -1;
    for (JsonNode e : events) {
      assertEquals(video.toString(), e.get("stream").asText());
      assertTrue(e.get("frame").asLong() > previous, "records in order: " + events);
      previous = e.get("frame").asLong();
      assertTrue(e.get("faces").isArray(), e.toString());
    }

    JsonNode s = awaitStream(base, run, e -> e.get("image_frame").asLong() >= 0);
    assertEquals(video.toString(), s.get("name").asText());
    assertTrue(s.get("frames").asLong() > 0);
    assertTrue(s.get("fps").isNumber(), s.toString());
    assertEquals(0, s.get("dropped").asLong());
    assertTrue(s.get("latest").get("faces").isArray());
    JsonNode metrics = get(base + "/api/metrics");
    for (String stage : List.of("detect", "align", "infer", "emit")) {
      assertTrue(metrics.get("stages").has(stage), stage + " in " + metrics);
    }
    HttpResponse<byte[]> jpeg = getBytes(base + "/streams/0/frame.jpg");
    assertEquals("image/jpeg", jpeg.headers().firstValue("content-type").orElse(""));
    BufferedImage frame = ImageIO.read(new ByteArrayInputStream(jpeg.body()));
    assertEquals(640, frame.getWidth());
    assertEquals(360, frame.getHeight());
    assertEquals(404, getBytes(base + "/streams/7/frame.jpg").statusCode());
    String part = head(base + "/streams/0/frame.mjpeg", 40);
    assertTrue(part.startsWith("--frame\r\nContent-Type: image/jpeg\r\n"), part);

    awaitStream(base, run, e -> e.get("frames").asLong() == 72); // every frame, still serving
    List<JsonNode> replay = records(base, 1);
    assertEquals(71, replay.get(0).get("frame").asLong(), "a late client gets the last record");
    CliRun done = run.get(30, TimeUnit.SECONDS);
    assertEquals(0, done.code(), done.stderr());
    assertTrue(done.stderr().contains("analyzer: dashboard at " + base + "/"), done.stderr());
    assertTrue(done.stderr().contains("stays up for 3 s"), done.stderr());
  }

  @Test
  void shouldRefuseABadServeAddressWithOneLine() throws Exception {
    Path video = SharedData.require("videos/single_face.mp4");
    for (String bad :
        List.of("nonsense", "127.0.0.1:99999", "127.0.0.1:", "no.such.host.invalid:80")) {
      CliRun run = CliRun.run("--input", video, "--model", "none", "--serve", bad);
      run.assertRefused("--serve");
    }
  }

  @Test
  void shouldSayOnceWhenThePortIsTakenAndWriteNothing() throws Exception {
    Path video = SharedData.require("videos/single_face.mp4");
    Path out = dir.resolve("out.jsonl");
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CliRun run =
          CliRun.run(
              "--input",
              video,
              "--model",
              "none",
              "--out",
              out,
              "--serve",
              "127.0.0.1:" + taken.getLocalPort());
      run.assertRefused(":" + taken.getLocalPort());
    }
    assertFalse(Files.exists(out), "no records file for a run that could not start");
  }

  /**
   * {@code run ... --out out.jsonl --serve} at {@code base}'s address, on a thread of the test's.
   */
  private Future<CliRun> serving(String base, Object... args) {
    Object[] line = Arrays.copyOf(args, args.length + 4);
    line[args.length] = "--out";
    line[args.length + 1] = dir.resolve("out.jsonl");
    line[args.length + 2] = "--serve";
    line[args.length + 3] = base.substring("http://".length());
    return background.submit(() -> CliRun.run(line));
  }

  /** The first stream's entry of /api/streams once it is {@code ready}, while the run serves. */
  private JsonNode awaitStream(String base, Future<CliRun> run, Predicate<JsonNode> ready)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (run.isDone()) {
        throw new AssertionError("the run ended first: " + run.get().stderr());
      }
      JsonNode streams = tryGet(base + "/api/streams");
      if (streams != null && ready.test(streams.get(0))) {
        return streams.get(0);
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the dashboard did not get there within 30 s");
  }

  /** The first {@code n} events of /api/records, within 10 s. */
  private List<JsonNode> records(String base, int n) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + "/api/records"))
            .timeout(Duration.ofSeconds(5))
            .build();
    HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
    assertEquals("text/event-stream", response.headers().firstValue("content-type").orElse(""));
    try (Stream<String> lines = response.body()) {
      return CompletableFuture.supplyAsync(
              () ->
                  lines
                      .filter(l -> l.startsWith("data: "))
                      .limit(n)
                      .map(l -> parse(l.substring(6)))
                      .toList(),
              background)
          .get(10, TimeUnit.SECONDS);
    }
  }

  /** The first {@code n} bytes of an endless response, within 10 s. */
  private String head(String url, int n) throws Exception {
    HttpResponse<InputStream> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, response.statusCode(), url);
    try (InputStream body = response.body()) {
      byte[] bytes =
          CompletableFuture.supplyAsync(() -> readQuietly(body, n), background)
              .get(10, TimeUnit.SECONDS);
      return new String(bytes, StandardCharsets.US_ASCII);
    }
  }

  private static byte[] readQuietly(InputStream in, int n) {
    try {
      return in.readNBytes(n);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }

  private JsonNode get(String url) throws Exception {
    HttpResponse<byte[]> r = getBytes(url);
    assertEquals(200, r.statusCode(), url);
    assertEquals("application/json", r.headers().firstValue("content-type").orElse(""));
    return JSON.readTree(r.body());
  }

  /** The JSON at {@code url}, or null while nothing answers there. */
  private JsonNode tryGet(String url) throws Exception {
    try {
      return get(url);
    } catch (IOException notYet) {
      return null;
    }
  }

  private HttpResponse<byte[]> getBytes(String url) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static int points(String dom) {
    Matcher m = POINTS.matcher(dom);
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }

  /** The standard deviation of luma in a rectangle of {@code image}. */
  private static double lumaSpread(BufferedImage image, int x0, int y0, int w, int h) {
    double sum = 0;
    double squares = 0;
    for (int y = y0; y < y0 + h; y++) {
      for (int x = x0; x < x0 + w; x++) {
        int rgb = image.getRGB(x, y);
        double luma =
            0.299 * ((rgb >> 16) & 255) + 0.587 * ((rgb >> 8) & 255) + 0.114 * (rgb & 255);
        sum += luma;
        squares += luma * luma;
      }
    }
    double n = (double) w * h;
    return Math.sqrt(squares / n - (sum / n) * (sum / n));
  }

  private Path model() throws IOException {
    return TinyModels.write(dir.resolve("tiny.onnx"), new TinyModels.Spec().size(32));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
