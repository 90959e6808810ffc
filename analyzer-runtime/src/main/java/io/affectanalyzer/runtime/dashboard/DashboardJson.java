package io.affectanalyzer.runtime.dashboard;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.affectanalyzer.runtime.model.ModelContract;
import io.affectanalyzer.runtime.model.ModelSpec;
import io.affectanalyzer.runtime.pipeline.PipelineMetrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The dashboard's JSON documents, written from the boards and the run's metrics as they are now.
 */
final class DashboardJson {
  private static final JsonFactory JSON = new JsonFactory();

  private final MetricRegistry registry;
  private final ModelSpec spec;

  DashboardJson(MetricRegistry registry, ModelSpec spec) {
    this.registry = registry;
    this.spec = spec;
  }

  /** {@code /api/streams}: per stream its counts, frame rate and latest record. */
  byte[] streams(List<StreamBoard> boards) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    RecordJson records = new RecordJson(spec);
    long now = System.nanoTime();
    try (JsonGenerator g = JSON.createGenerator(bytes)) {
      g.writeStartArray();
      for (StreamBoard board : boards) {
        StreamBoard.Snapshot s = board.snapshot(now);
        g.writeStartObject();
        g.writeNumberField("index", s.index());
        g.writeStringField("name", s.name());
        g.writeNumberField("frames", s.frames());
        g.writeNumberField("fps", Math.round(s.fps() * 10) / 10.0);
        g.writeNumberField("dropped", s.dropped());
        g.writeNumberField("points", s.points());
        g.writeNumberField("image_frame", s.imageFrame());
        g.writeFieldName("latest");
        if (s.latest() != null) {
          g.writeRawValue(records.of(s.latest()));
        } else {
          g.writeNull();
        }
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    return bytes.toByteArray();
  }

  /**
   * {@code /api/streams/{i}/timeline}: seconds of presentation time, and one array per series with
   * null where no face was analysed.
   */
  static byte[] timeline(StreamBoard board) throws IOException {
    List<TimelinePoint> points = board.timeline();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(bytes)) {
      g.writeStartObject();
      g.writeArrayFieldStart("t");
      for (TimelinePoint p : points) {
        g.writeNumber(p.ptsMillis() / 1000.0);
      }
      g.writeEndArray();
      g.writeObjectFieldStart("expr");
      List<String> names = ModelContract.EXPRESSION_NAMES;
      for (int k = 0; k < names.size(); k++) {
        g.writeArrayFieldStart(names.get(k));
        for (TimelinePoint p : points) {
          writeOrNull(g, p.expr(), k);
        }
        g.writeEndArray();
      }
      g.writeEndObject();
      for (int k = 0; k < 2; k++) {
        g.writeArrayFieldStart(ModelContract.VA_NAMES.get(k));
        for (TimelinePoint p : points) {
          writeOrNull(g, p.va(), k);
        }
        g.writeEndArray();
      }
      g.writeEndObject();
    }
    return bytes.toByteArray();
  }

  private static void writeOrNull(JsonGenerator g, float[] values, int k) throws IOException {
    if (values == null || k >= values.length) {
      g.writeNull();
    } else {
      g.writeNumber(Math.round(values[k] * 1000) / 1000.0);
    }
  }

  /** {@code /api/metrics}: counts, each stage's timings, capture-to-emit latency. */
  byte[] metrics() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(bytes)) {
      g.writeStartObject();
      g.writeNumberField("frames", registry.meter("frames").getCount());
      g.writeNumberField("faces", registry.meter("faces").getCount());
      g.writeNumberField("dropped", registry.counter("dropped").getCount());
      Object occupancy =
          registry.getGauges().containsKey("ring.occupancy")
              ? registry.getGauges().get("ring.occupancy").getValue()
              : null;
      g.writeNumberField("ring_occupancy", occupancy instanceof Number n ? n.longValue() : 0);
      g.writeObjectFieldStart("stages");
      for (Map.Entry<String, Timer> e : registry.getTimers().entrySet()) {
        if (!e.getKey().startsWith("stage.")) {
          continue;
        }
        Snapshot s = e.getValue().getSnapshot();
        g.writeObjectFieldStart(e.getKey().substring("stage.".length()));
        g.writeNumberField("count", e.getValue().getCount());
        g.writeNumberField("mean_ms", millis(s.getMean()));
        g.writeNumberField("p50_ms", millis(s.getMedian()));
        g.writeNumberField("p99_ms", millis(s.get99thPercentile()));
        g.writeEndObject();
      }
      g.writeEndObject();
      if (registry.getHistograms().containsKey(PipelineMetrics.LATENCY)) {
        Snapshot l = registry.getHistograms().get(PipelineMetrics.LATENCY).getSnapshot();
        g.writeObjectFieldStart("capture_to_emit");
        g.writeNumberField("p50_ms", Math.round(l.getMedian() / 100) / 10.0);
        g.writeNumberField("p99_ms", Math.round(l.get99thPercentile() / 100) / 10.0);
        g.writeNumberField("max_ms", Math.round(l.getMax() / 100) / 10.0);
        g.writeEndObject();
      }
      g.writeEndObject();
    }
    return bytes.toByteArray();
  }

  private static double millis(double nanos) {
    return Math.round(nanos / 10_000) / 100.0;
  }
}
