package io.affectanalyzer.runtime.cli;

import com.codahale.metrics.MetricRegistry;
import io.affectanalyzer.runtime.dashboard.DashboardFeed;
import io.affectanalyzer.runtime.dashboard.DashboardServer;
import io.affectanalyzer.runtime.model.ModelSpec;
import io.affectanalyzer.runtime.source.FrameSource;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** {@code run}'s live dashboard: where it is served, and how long it stays up after the run. */
final class ServeOptions {
  private static final Pattern ADDRESS = Pattern.compile("(?:(\\[[^\\]]+\\]|[^:\\[\\]]*):)?(\\d+)");

  @Option(
      names = "--serve",
      paramLabel = "[HOST:]PORT",
      description =
          "Serve a live dashboard at http://HOST:PORT/: each input's latest annotated frame, the"
              + " expression and valence/arousal of its largest face over the last minute,"
              + " per-stage latency, frames/s and dropped frames; JSON at /api/streams and"
              + " /api/metrics, every record as Server-Sent Events at /api/records. HOST defaults"
              + " to 127.0.0.1 (this machine only); name another address to share it. PORT 0"
              + " picks a free port. Off by default.")
  String serve;

  @Option(
      names = "--serve-linger",
      paramLabel = "SECONDS",
      defaultValue = "0",
      description =
          "Keep the dashboard up this long after the inputs end, to look at the last frames and"
              + " timelines (default: ${DEFAULT-VALUE}; Ctrl-C ends it sooner).")
  int lingerSeconds;

  private InetSocketAddress address;

  void validate() throws UserError {
    UserError.require(lingerSeconds >= 0, "--serve-linger must not be negative");
    if (serve == null) {
      return;
    }
    Matcher m = ADDRESS.matcher(serve.strip());
    int port = m.matches() && m.group(2).length() <= 5 ? Integer.parseInt(m.group(2)) : -1;
    UserError.require(
        port >= 0 && port <= 65535,
        "--serve must be [HOST:]PORT with a port from 0 to 65535 (as 127.0.0.1:8080), is '"
            + serve
            + "'");
    String host = m.group(1) == null || m.group(1).isEmpty() ? "127.0.0.1" : m.group(1);
    if (host.startsWith("[")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      address = new InetSocketAddress(InetAddress.getByName(host), port);
    } catch (UnknownHostException e) {
      throw new UserError("--serve: unknown host '" + host + "'");
    }
  }

  /** The feed to add to the run's writers, or null without {@code --serve}. */
  DashboardFeed feed(List<FrameSource> sources, ModelSpec spec) {
    return serve == null
        ? null
        : new DashboardFeed(sources.stream().map(FrameSource::name).toList(), spec);
  }

  /** The started server over {@code feed}; says on {@code err} where. */
  DashboardServer start(
      DashboardFeed feed, MetricRegistry registry, ModelSpec spec, PrintStream err)
      throws UserError {
    try {
      DashboardServer server = DashboardServer.start(feed, registry, spec, address);
      err.println("analyzer: dashboard at " + server.url());
      return server;
    } catch (IOException e) {
      throw new UserError("--serve " + serve + ": cannot listen there: " + e.getMessage());
    }
  }

  /** Waits the linger time, if the run got to its end, then stops the server. */
  void finish(DashboardServer server, boolean ran, PrintStream err) {
    if (ran && lingerSeconds > 0) {
      err.println(
          "analyzer: the dashboard stays up for " + lingerSeconds + " s at " + server.url());
      try {
        Thread.sleep(lingerSeconds * 1000L);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    server.close();
  }
}
