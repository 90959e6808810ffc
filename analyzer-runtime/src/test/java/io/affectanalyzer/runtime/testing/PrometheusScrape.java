package io.affectanalyzer.runtime.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One scrape of a Prometheus endpoint over HTTP, its text format read into samples: {@code name} or
 * {@code name{labels}} to value, and the {@code # TYPE} of each metric.
 */
public record PrometheusScrape(
    int status, String contentType, Map<String, Double> samples, Map<String, String> types) {
  public static PrometheusScrape of(String url) throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    Map<String, Double> samples = new LinkedHashMap<>();
    Map<String, String> types = new LinkedHashMap<>();
    for (String line : r.body().split("\n")) {
      if (line.startsWith("# TYPE ")) {
        String[] p = line.substring(7).split(" ");
        types.put(p[0], p[1]);
      } else if (!line.isBlank() && !line.startsWith("#")) {
        // name[{labels}] value [timestamp]; label values here hold no spaces
        String[] p = line.split(" ");
        samples.put(p[0], Double.parseDouble(p[1]));
      }
    }
    return new PrometheusScrape(
        r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), samples, types);
  }

  /** The value of {@code series}, or NaN when it is not there. */
  public double value(String series) {
    return samples.getOrDefault(series, Double.NaN);
  }
}
