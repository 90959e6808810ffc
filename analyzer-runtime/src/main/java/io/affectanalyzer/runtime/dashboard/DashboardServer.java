package io.affectanalyzer.runtime.dashboard;

import com.codahale.metrics.MetricRegistry;
import io.affectanalyzer.runtime.model.ModelSpec;
import io.affectanalyzer.runtime.output.FrameResult;
import io.affectanalyzer.runtime.pipeline.PipelineMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * {@code run --serve}: an embedded Jetty serving the live dashboard over what a {@link
 * DashboardFeed} holds and the run's metrics.
 *
 * <pre>
 *  GET /                            the page (one HTML file; uPlot from the jar)
 *  GET /streams/{i}/frame.jpg       stream i's latest annotated frame
 *  GET /streams/{i}/frame.mjpeg     the same as a multipart stream, each new frame as it comes
 *  GET /api/streams                 per stream: name, frames, fps, dropped, latest record
 *  GET /api/streams/{i}/timeline    the last minute: expression probabilities, valence, arousal
 *  GET /api/metrics                 per-stage latency and counts, capture-to-emit latency
 *  GET /api/records                 Server-Sent Events, one per record (as in --out .jsonl)
 * </pre>
 */
public final class DashboardServer implements AutoCloseable {
  private static final Pattern STREAM_PATH =
      Pattern.compile("/(?:api/)?streams/(\\d+)/(frame\\.jpg|frame\\.mjpeg|timeline)");
  private static final Map<String, String> ASSETS =
      Map.of(
          "/", "index.html",
          "/assets/uPlot.iife.min.js", "uPlot.iife.min.js",
          "/assets/uPlot.min.css", "uPlot.min.css");
  private static final long POLL_MILLIS = 250;
  private static final long KEEPALIVE_NANOS = TimeUnit.SECONDS.toNanos(15);
  private static final String BOUNDARY = "frame";

  private final DashboardFeed feed;
  private final ModelSpec spec;
  private final Server server;
  private final ServerConnector connector;
  private final DashboardJson json;
  private volatile boolean closing;

  private DashboardServer(
      DashboardFeed feed, MetricRegistry registry, ModelSpec spec, InetSocketAddress address) {
    this.feed = feed;
    this.spec = spec;
    this.json = new DashboardJson(registry, spec);
    QueuedThreadPool threads = new QueuedThreadPool(32, 2);
    threads.setName("dashboard");
    threads.setDaemon(true); // never what keeps the JVM up
    this.server = new Server(threads);
    this.connector = new ServerConnector(server, 1, 1);
    connector.setHost(address.getHostString());
    connector.setPort(address.getPort());
    server.addConnector(connector);
    server.setHandler(new Routes());
  }

  /**
   * Serves {@code feed} and {@code registry} (a {@link PipelineMetrics}'s) on {@code address}.
   *
   * @throws IOException when the address cannot be bound (in use, not this machine's)
   */
  public static DashboardServer start(
      DashboardFeed feed, MetricRegistry registry, ModelSpec spec, InetSocketAddress address)
      throws IOException {
    // Jetty says at INFO level that it started; the run's stderr keeps to the analyzer's lines.
    if (System.getProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty") == null) {
      System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
    }
    DashboardServer s = new DashboardServer(feed, registry, spec, address);
    try {
      s.server.start();
    } catch (Exception e) {
      s.close();
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new IOException(cause.getMessage() != null ? cause.getMessage() : e.toString(), e);
    }
    return s;
  }

  /** The page's address, with the port actually bound. */
  public String url() {
    String host = connector.getHost();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return "http://" + host + ":" + connector.getLocalPort() + "/";
  }

  /** Ends the record and frame streams, then stops the server. */
  @Override
  public void close() {
    closing = true;
    try {
      server.stop();
    } catch (Exception e) {
      // stopping a server that failed to start, or threads already gone: nothing left to free
    }
  }

  private final class Routes extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      String path = Request.getPathInContext(request);
      if (!request.getMethod().equals("GET")) {
        Response.writeError(request, response, callback, HttpStatus.METHOD_NOT_ALLOWED_405);
        return true;
      }
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
      if (ASSETS.containsKey(path)) {
        asset(ASSETS.get(path), response, callback);
      } else if (path.equals("/api/streams")) {
        send(response, callback, "application/json", json.streams(feed.boards()));
      } else if (path.equals("/api/metrics")) {
        send(response, callback, "application/json", json.metrics());
      } else if (path.equals("/api/records")) {
        records(response, callback);
      } else {
        Matcher m = STREAM_PATH.matcher(path);
        StreamBoard board = m.matches() ? board(m.group(1)) : null;
        if (board == null) {
          Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
        } else if (m.group(2).equals("timeline")) {
          send(response, callback, "application/json", DashboardJson.timeline(board));
        } else if (m.group(2).equals("frame.jpg")) {
          StreamBoard.Frame frame = board.frame();
          if (frame == null) {
            Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
          } else {
            send(response, callback, "image/jpeg", frame.jpeg());
          }
        } else {
          mjpeg(board, response, callback);
        }
      }
      return true;
    }
  }

  private StreamBoard board(String index) {
    List<StreamBoard> boards = feed.boards();
    try {
      int i = Integer.parseInt(index);
      return i < boards.size() ? boards.get(i) : null;
    } catch (NumberFormatException tooLong) {
      return null;
    }
  }

  private static void send(Response response, Callback callback, String type, byte[] body) {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  private void asset(String name, Response response, Callback callback) throws IOException {
    byte[] body;
    try (InputStream in = DashboardServer.class.getResourceAsStream("/dashboard/" + name)) {
      if (in == null) {
        throw new IOException("the jar lacks /dashboard/" + name);
      }
      body = in.readAllBytes();
    }
    String type =
        name.endsWith(".html")
            ? "text/html; charset=utf-8"
            : name.endsWith(".css") ? "text/css" : "text/javascript";
    send(response, callback, type, body);
  }

  /**
   * Server-Sent Events on this request's thread: first each stream's latest record (a client that
   * comes late still sees where things are), then every record as it is emitted, a comment every 15
   * s to keep the connection open, until the client leaves or the server closes.
   */
  private void records(Response response, Callback callback) {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
    RecordSubscription subscription = feed.subscribe();
    RecordJson records = new RecordJson(spec);
    try (OutputStream out = Content.Sink.asOutputStream(response)) {
      for (StreamBoard board : feed.boards()) {
        FrameResult latest = board.latest();
        if (latest != null) {
          event(out, records.of(latest));
        }
      }
      out.write(": records follow\n\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      long quietSince = System.nanoTime();
      while (!closing) {
        FrameResult next = subscription.poll(POLL_MILLIS);
        if (next != null) {
          event(out, records.of(next));
          quietSince = System.nanoTime();
        } else if (System.nanoTime() - quietSince > KEEPALIVE_NANOS) {
          long lost = subscription.takeLost();
          out.write((": lost " + lost + "\n\n").getBytes(StandardCharsets.UTF_8));
          out.flush();
          quietSince = System.nanoTime();
        }
      }
      callback.succeeded();
    } catch (IOException gone) {
      callback.failed(gone); // the client left
    } catch (InterruptedException stopping) {
      Thread.currentThread().interrupt();
      callback.failed(stopping);
    } finally {
      feed.unsubscribe(subscription);
    }
  }

  private static void event(OutputStream out, String data) throws IOException {
    out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** Motion JPEG: each new picture of the stream as one part, until the client leaves. */
  private void mjpeg(StreamBoard board, Response response, Callback callback) {
    response
        .getHeaders()
        .put(HttpHeader.CONTENT_TYPE, "multipart/x-mixed-replace; boundary=" + BOUNDARY);
    long shown = -1;
    try (OutputStream out = Content.Sink.asOutputStream(response)) {
      while (!closing) {
        StreamBoard.Frame frame = board.frame();
        if (frame != null && frame.frame() != shown) {
          shown = frame.frame();
          String head =
              "--"
                  + BOUNDARY
                  + "\r\nContent-Type: image/jpeg\r\nContent-Length: "
                  + frame.jpeg().length
                  + "\r\n\r\n";
          out.write(head.getBytes(StandardCharsets.US_ASCII));
          out.write(frame.jpeg());
          out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
        }
        Thread.sleep(DashboardFeed.FRAME_INTERVAL_NANOS / 1_000_000 / 2);
      }
      callback.succeeded();
    } catch (IOException gone) {
      callback.failed(gone);
    } catch (InterruptedException stopping) {
      Thread.currentThread().interrupt();
      callback.failed(stopping);
    }
  }
}
