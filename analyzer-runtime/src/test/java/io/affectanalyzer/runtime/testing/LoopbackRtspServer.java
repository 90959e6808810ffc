package io.affectanalyzer.runtime.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * GStreamer's RTSP server on 127.0.0.1 serving one video file in real time ({@code
 * scripts/rtsp-file-server.py}); RTP over TCP or UDP. A test that needs it is skipped with a
 * message when the server's Debian packages are absent (scripts/install-deps.sh installs them).
 */
public final class LoopbackRtspServer implements AutoCloseable {
  private final Process process;
  private final String url;

  private LoopbackRtspServer(Process process, String url) {
    this.process = process;
    this.url = url;
  }

  public static LoopbackRtspServer serve(Path video, Path log) throws Exception {
    Path script = script();
    int port = freePort();
    Process p =
        new ProcessBuilder(
                "/usr/bin/python3",
                script.toString(),
                Integer.toString(port),
                "/live",
                video.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    LoopbackRtspServer server = new LoopbackRtspServer(p, "rtsp://127.0.0.1:" + port + "/live");
    server.waitForPort(port);
    return server;
  }

  public String url() {
    return url;
  }

  /** Kills the server mid-stream, as a crash or a pulled cable would. */
  public void kill() throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    process.waitFor(5, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }

  private void waitForPort(int port) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("RTSP server died at start");
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    kill();
    throw new IllegalStateException("RTSP server never opened port " + port);
  }

  /** scripts/rtsp-file-server.py, or a skipped test when GStreamer's RTSP server is absent. */
  public static Path script() throws Exception {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("scripts/rtsp-file-server.py"))) {
      dir = dir.getParent();
    }
    assumeTrue(dir != null, "scripts/rtsp-file-server.py not found above the working directory");
    Process probe =
        new ProcessBuilder(
                "/usr/bin/python3",
                "-c",
                "import gi; gi.require_version('GstRtspServer', '1.0');"
                    + " from gi.repository import GstRtspServer")
            .redirectErrorStream(true)
            .start();
    boolean done = probe.waitFor(20, TimeUnit.SECONDS);
    assumeTrue(
        done && probe.exitValue() == 0,
        "GStreamer's RTSP server for Python is not installed (scripts/install-deps.sh installs it)");
    return dir.resolve("scripts/rtsp-file-server.py");
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
