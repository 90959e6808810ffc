package io.affectanalyzer.runtime.kafka;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The brokers a client starts from ({@code HOST:PORT[,HOST:PORT...]}), checked for form. */
public record Bootstrap(List<InetSocketAddress> brokers) {
  public Bootstrap {
    brokers = List.copyOf(brokers);
  }

  /**
   * @throws IllegalArgumentException with one line, for anything but {@code HOST:PORT,...}
   */
  public static Bootstrap parse(String servers) {
    List<InetSocketAddress> brokers = new ArrayList<>();
    for (String server : servers.split(",", -1)) {
      int colon = server.lastIndexOf(':');
      int port = colon > 0 ? parsePort(server.substring(colon + 1)) : -1;
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("a Kafka broker is HOST:PORT, not '" + server + "'");
      }
      brokers.add(InetSocketAddress.createUnresolved(server.substring(0, colon), port));
    }
    return new Bootstrap(brokers);
  }

  private static int parsePort(String digits) {
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** {@code HOST:PORT,...}, for {@code bootstrap.servers}. */
  public String servers() {
    return String.join(
        ",", brokers.stream().map(b -> b.getHostString() + ":" + b.getPort()).toList());
  }

  /**
   * Returns once one broker accepts a connection. Kafka's clients retry an absent broker until
   * their own timeouts; this says at once that nothing listens there.
   *
   * @throws IOException when none does within {@code timeout} each
   */
  public void requireReachable(Duration timeout) throws IOException {
    IOException last = null;
    for (InetSocketAddress b : brokers) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(b.getHostString(), b.getPort()), (int) timeout.toMillis());
        return;
      } catch (IOException e) {
        last = e;
      }
    }
    throw new IOException(
        "cannot reach Kafka at " + servers() + " (" + last.getMessage() + ")", last);
  }
}
