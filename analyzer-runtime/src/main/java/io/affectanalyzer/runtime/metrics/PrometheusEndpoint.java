package io.affectanalyzer.runtime.metrics;

import com.codahale.metrics.MetricRegistry;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves a Dropwizard registry in Prometheus' text format at {@code http://HOST:PORT/metrics},
 * through the Prometheus Java client's Dropwizard bridge: each scrape reads the registry as it is
 * then. The one owner of its HTTP server and threads; {@link #close()} stops them.
 */
public final class PrometheusEndpoint implements AutoCloseable {
  // HOST:PORT, [IPv6]:PORT or PORT; a host is a name or an IPv4 literal.
  private static final Pattern SPEC =
      Pattern.compile("(?:(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9][A-Za-z0-9.-]*):)?([0-9]{1,5})");

  private final HTTPServer server;
  private final InetSocketAddress address;

  private PrometheusEndpoint(HTTPServer server, InetSocketAddress address) {
    this.server = server;
    this.address = address;
  }

  /**
   * Where {@code spec} ({@code HOST:PORT}, {@code [IPv6]:PORT}, or {@code PORT} for the loopback
   * address) says to listen; port 0 takes any free one.
   *
   * @throws IllegalArgumentException naming what is wrong with it
   */
  public static InetSocketAddress address(String spec) {
    Matcher m = SPEC.matcher(spec);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "needs HOST:PORT or PORT (as in prometheus:127.0.0.1:9464), is " + spec);
    }
    int port = Integer.parseInt(m.group(2));
    if (port > 65535) {
      throw new IllegalArgumentException("port must be 0 to 65535, is " + port);
    }
    String host = m.group(1);
    if (host == null) {
      return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }
    if (host.startsWith("[")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      return new InetSocketAddress(InetAddress.getByName(host), port);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("unknown host " + host);
    }
  }

  /**
   * Listens on {@code address} and serves {@code registry} until closed.
   *
   * @throws IOException when it cannot listen there (the port is taken, the address is not this
   *     machine's)
   */
  public static PrometheusEndpoint start(InetSocketAddress address, MetricRegistry registry)
      throws IOException {
    PrometheusRegistry prometheus = new PrometheusRegistry();
    DropwizardExports.builder().dropwizardRegistry(registry).register(prometheus);
    HTTPServer server =
        HTTPServer.builder()
            .inetAddress(address.getAddress())
            .port(address.getPort())
            .registry(prometheus)
            .buildAndStart();
    return new PrometheusEndpoint(
        server, new InetSocketAddress(address.getAddress(), server.getPort()));
  }

  /** Where it listens, with the port it got. */
  public InetSocketAddress address() {
    return address;
  }

  /** The URL to scrape. */
  public String url() {
    String host = address.getAddress().getHostAddress();
    return "http://"
        + (host.contains(":") ? "[" + host + "]" : host)
        + ":"
        + address.getPort()
        + "/metrics";
  }

  @Override
  public void close() {
    server.close();
  }
}
