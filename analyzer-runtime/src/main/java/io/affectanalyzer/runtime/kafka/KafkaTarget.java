package io.affectanalyzer.runtime.kafka;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Kafka topic as {@code --out} names it: {@code kafka://HOST:PORT[,HOST:PORT...]/TOPIC}, with
 * producer settings in an optional query ({@code ?delivery.timeout.ms=10000&linger.ms=20}).
 *
 * @param settings producer settings, over the writer's own
 */
public record KafkaTarget(Bootstrap bootstrap, String topic, Map<String, String> settings) {
  public static final String SCHEME = "kafka://";
  private static final String FORM = "kafka://HOST:PORT/TOPIC";

  public KafkaTarget {
    settings = Map.copyOf(settings);
  }

  /** Whether {@code out} names a Kafka topic rather than a file. */
  public static boolean names(String out) {
    return out != null && out.startsWith(SCHEME);
  }

  /**
   * @throws IllegalArgumentException with one line, for anything but the form above
   */
  public static KafkaTarget parse(String url) {
    if (!names(url)) {
      throw new IllegalArgumentException("expected " + FORM + ", not " + url);
    }
    String rest = url.substring(SCHEME.length());
    String query = "";
    int q = rest.indexOf('?');
    if (q >= 0) {
      query = rest.substring(q + 1);
      rest = rest.substring(0, q);
    }
    int slash = rest.indexOf('/');
    String topic = slash > 0 ? rest.substring(slash + 1) : "";
    // Kafka's own rule for topic names.
    if (!topic.matches("[a-zA-Z0-9._-]{1,249}")) {
      throw new IllegalArgumentException(
          "expected " + FORM + " with a topic of letters, digits, '.', '_' and '-', not " + url);
    }
    Bootstrap bootstrap;
    try {
      bootstrap = Bootstrap.parse(rest.substring(0, slash));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "expected " + FORM + ", not " + url + ": " + e.getMessage());
    }
    Map<String, String> settings = new LinkedHashMap<>();
    for (String pair : query.isEmpty() ? new String[0] : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "a Kafka setting in " + url + " is KEY=VALUE, not '" + pair + "'");
      }
      settings.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    String records = settings.getOrDefault(RECORDS, "frame");
    if (!records.equals("frame") && !records.equals("face")) {
      throw new IllegalArgumentException(
          RECORDS + " in " + url + " is frame (one record per frame) or face, not " + records);
    }
    return new KafkaTarget(bootstrap, topic, settings);
  }

  /**
   * The query's own setting, not the producer's: {@code records=frame} (the default: one record per
   * frame, keyed by the stream) or {@code records=face} (one per face, keyed by stream and track).
   */
  public static final String RECORDS = "records";

  /** One record per face, keyed {@code STREAM#TRACK}, rather than one per frame. */
  public boolean perFace() {
    return "face".equals(settings.get(RECORDS));
  }

  /** {@code kafka://HOST:PORT/TOPIC}, without the settings. */
  public String url() {
    return SCHEME + bootstrap.servers() + "/" + topic;
  }
}
