package io.affectanalyzer.runtime.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.affectanalyzer.runtime.testing.LoopbackRtspServer;
import io.affectanalyzer.runtime.testing.SharedData;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live streams on loopback, from real servers: Debian's {@code rtsp-server-perl} relaying an {@code
 * ffmpeg} publisher (it speaks RTP over UDP only, answering 400 to TCP interleaving, so that test
 * reads with {@link SourceOptions.RtspTransport#UDP}); GStreamer's RTSP server ({@code
 * scripts/rtsp-file-server.py}) for the default RTP over TCP; FFmpeg's own HTTP server.
 */
class StreamSourceTest {
  private static final String SERVER = "rtsp-server-perl";

  @TempDir Path tmp;
  private final List<Process> processes = new ArrayList<>();
  private int readPort;
  private int publishPort;
  private int rtpPort;

  @AfterEach
  void killEverything() throws InterruptedException {
    for (Process p : processes) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      p.waitFor(5, TimeUnit.SECONDS);
    }
    processes.clear();
  }

  /** Starts a server that serves the stream; round 1 first, then 2 after the first drop. */
  private interface Server {
    Process start(int round) throws Exception;
  }

  @Test
  void shouldReconnectToRtspOverUdpWhenTheServerComesBackThenEndWhenItIsGone() throws Exception {
    Path video = SharedData.require("videos/single_face.mp4");
    assumeTrue(onPath(SERVER), SERVER + " is not installed (scripts/install-deps.sh installs it)");
    assumeTrue(onPath("ffmpeg"), "ffmpeg is not installed (scripts/install-deps.sh installs it)");
    readPort = freePort();
    publishPort = freePort();
    rtpPort = 20000 + 2 * ThreadLocalRandom.current().nextInt(10000);
    SourceOptions options = quickOptions().withRtspTransport(SourceOptions.RtspTransport.UDP);
    dropReconnectAndEnd(
        "rtsp://127.0.0.1:" + readPort + "/x",
        options,
        round -> startServerAndPublisher(video, round));
  }

  @Test
  void shouldReconnectToRtspOverTcpWhenTheServerComesBackThenEndWhenItIsGone() throws Exception {
    Path video = SharedData.require("videos/WolfgangLanger_Pexels.mp4");
    Path script = LoopbackRtspServer.script();
    int port = freePort();
    // The default transport: RTP interleaved in the RTSP TCP connection.
    assertEquals(SourceOptions.RtspTransport.TCP, quickOptions().rtspTransport());
    dropReconnectAndEnd(
        "rtsp://127.0.0.1:" + port + "/x",
        quickOptions(),
        round -> {
          Process server =
              spawn(
                  "gst" + round,
                  "/usr/bin/python3",
                  script.toString(),
                  Integer.toString(port),
                  "/x",
                  video.toString());
          waitForPort(port, server);
          return server;
        });
  }

  @Test
  void shouldEndWithinBoundedTimeWhenTheServerFreezesMidStream() throws Exception {
    Path video = SharedData.require("videos/WolfgangLanger_Pexels.mp4");
    Path script = LoopbackRtspServer.script();
    int port = freePort();
    Process server =
        spawn(
            "frozen",
            "/usr/bin/python3",
            script.toString(),
            Integer.toString(port),
            "/x",
            video.toString());
    waitForPort(port, server);
    SourceOptions options =
        SourceOptions.defaults()
            .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2))
            .withReconnect(1, Duration.ofMillis(250), Duration.ofMillis(250));
    try (StreamSource source = new StreamSource("rtsp://127.0.0.1:" + port + "/x", options)) {
      startWithin(source, Duration.ofSeconds(15));
      long consumed = consumeFor(source, Duration.ofSeconds(1));
      assertTrue(consumed > 5, "frames arrive live: " + consumed);
      // A frozen server keeps its sockets open and sends nothing: only timeouts can tell.
      Process freeze = new ProcessBuilder("kill", "-STOP", Long.toString(server.pid())).start();
      assertTrue(freeze.waitFor(5, TimeUnit.SECONDS) && freeze.exitValue() == 0, "kill -STOP");
      long t0 = System.nanoTime();
      while (source.grab() != null) {
        // Frames already buffered before the freeze still come out.
        consumed++;
        assertTrue(seconds(t0) < 20, "still grabbing 20 s after the server froze");
      }
      double took = seconds(t0);
      assertTrue(took < 15, "gave up after " + took + " s");
      assertTrue(source.endReason().startsWith("stream lost after"), source.endReason());
      assertEquals(consumed, source.delivered());
    }
  }

  @Test
  void shouldReconnectToHttpWhenTheServerComesBackThenEndWhenItIsGone() throws Exception {
    Path video = SharedData.require("videos/single_face.mp4");
    assumeTrue(onPath("ffmpeg"), "ffmpeg is not installed (scripts/install-deps.sh installs it)");
    int port = freePort();
    String url = "http://127.0.0.1:" + port + "/live.ts";
    // FFmpeg's own HTTP server: serves one client an endless MPEG-TS over TCP.
    dropReconnectAndEnd(
        url,
        quickOptions(),
        round ->
            spawn(
                "http" + round,
                "ffmpeg",
                "-nostdin",
                "-v",
                "error",
                "-re",
                "-stream_loop",
                "-1",
                "-i",
                video.toString(),
                "-an",
                "-c",
                "copy",
                "-f",
                "mpegts",
                "-listen",
                "1",
                url));
  }

  private static SourceOptions quickOptions() {
    return SourceOptions.defaults()
        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2))
        .withReconnect(5, Duration.ofMillis(250), Duration.ofSeconds(1));
  }

  /**
   * Reads live, kills the server and starts it again (the source must reconnect inside grab()),
   * then kills it for good (the source must end with null and a reason in bounded time).
   */
  private void dropReconnectAndEnd(String url, SourceOptions options, Server servers)
      throws Exception {
    Process server = servers.start(1);
    try (StreamSource source = new StreamSource(url, options)) {
      startWithin(source, Duration.ofSeconds(15));
      assertTrue(source.live());
      assertEquals(-1, source.frameCountHint());

      long consumed = consumeFor(source, Duration.ofSeconds(2));
      assertTrue(consumed > 10, "frames arrive live: " + consumed);

      stop(server);
      server = servers.start(2);
      long before = consumed;
      consumed += consumeFor(source, Duration.ofSeconds(12), 15);
      assertTrue(consumed - before >= 15, "frames after the restart: " + (consumed - before));
      assertTrue(source.reconnects() >= 1, "reconnected " + source.reconnects() + " times");
      assertNull(source.endReason());

      stop(server);
      long t0 = System.nanoTime();
      while (source.grab() != null) {
        consumed++;
        assertTrue(seconds(t0) < 30, "still grabbing 30 s after the server went away");
      }
      assertTrue(seconds(t0) < 30, "gave up after " + seconds(t0) + " s");
      assertNotNull(source.endReason());
      assertTrue(source.endReason().startsWith("stream lost after"), source.endReason());
      assertFalse(source.endReason().contains("\n"));
      assertNull(source.grab(), "stays ended");
      assertEquals(consumed, source.delivered(), "every frame the source had went to the caller");
    }
  }

  @Test
  void shouldFailFastOnAClosedPort() throws Exception {
    int closed = freePort();
    String url = "rtsp://127.0.0.1:" + closed + "/x";
    long t0 = System.nanoTime();
    SourceException e =
        assertThrows(
            SourceException.class, () -> new StreamSource(url, SourceOptions.defaults()).start());
    assertTrue(seconds(t0) < 3, "took " + seconds(t0) + " s");
    assertEquals("cannot open stream " + url + " (Connection refused)", e.getMessage());
  }

  @Test
  void shouldGiveUpWithinAboutTheConnectTimeoutOnASilentServer() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String url = "rtsp://127.0.0.1:" + silent.getLocalPort() + "/x";
      SourceOptions options =
          SourceOptions.defaults().withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2));
      long t0 = System.nanoTime();
      SourceException e =
          assertThrows(SourceException.class, () -> new StreamSource(url, options).start());
      double took = seconds(t0);
      assertTrue(took >= 0.9 && took < 5, "took " + took + " s for a 2 s timeout");
      assertTrue(e.getMessage().startsWith("cannot open stream " + url), e.getMessage());
    }
  }

  /** Reads for {@code duration} (or until {@code enough} frames), checking each frame. */
  private static long consumeFor(StreamSource source, Duration duration, long enough)
      throws SourceException {
    long deadline = System.nanoTime() + duration.toNanos();
    long n = 0;
    long lastTs = -1;
    while (System.nanoTime() < deadline && n < enough) {
      Frame f = source.grab();
      assertNotNull(f, () -> "stream ended early: " + source.endReason());
      assertEquals(640, f.imageWidth);
      assertEquals(360, f.imageHeight);
      assertTrue(source.timestampMillis() >= lastTs, "live timestamps never go back");
      lastTs = source.timestampMillis();
      n++;
    }
    return n;
  }

  private static long consumeFor(StreamSource source, Duration duration) throws SourceException {
    return consumeFor(source, duration, Long.MAX_VALUE);
  }

  private static void startWithin(StreamSource source, Duration limit) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      try {
        source.start();
        return;
      } catch (SourceException e) {
        // The publisher announces the stream a moment after the server is up.
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }

  /** Starts the relay, waits for its ports, then a looping publisher; returns the server. */
  private Process startServerAndPublisher(Path video, int round) throws Exception {
    Process server =
        spawn(
            "server" + round,
            SERVER,
            "--clientport",
            Integer.toString(readPort),
            "--serverport",
            Integer.toString(publishPort),
            "--client_listen_address",
            "127.0.0.1",
            "--source_listen_address",
            "127.0.0.1",
            "--rtp_start_port",
            Integer.toString(rtpPort + 40 * round));
    waitForPort(readPort, server);
    waitForPort(publishPort, server);
    spawn(
        "publisher" + round,
        "ffmpeg",
        "-nostdin",
        "-v",
        "error",
        "-re",
        "-stream_loop",
        "-1",
        "-i",
        video.toString(),
        "-an",
        "-c",
        "copy",
        "-f",
        "rtsp",
        "rtsp://127.0.0.1:" + publishPort + "/x");
    return server;
  }

  private Process spawn(String logName, String... command) throws IOException {
    File log = tmp.resolve(logName + ".log").toFile();
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    processes.add(p);
    return p;
  }

  /** Kills the relay; its publisher then fails on its own, and is killed too. */
  private void stop(Process server) throws InterruptedException {
    for (Process p : processes) {
      if (p != server && p.isAlive()) {
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
      }
    }
    server.destroyForcibly();
    assertTrue(server.waitFor(5, TimeUnit.SECONDS), "server did not die");
  }

  private void waitForPort(int port, Process owner) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      assertTrue(owner.isAlive(), () -> "server on port " + port + " died");
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError("port " + port + " never opened");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static boolean onPath(String program) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
