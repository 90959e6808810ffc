package io.affectanalyzer.runtime.dashboard;

import io.affectanalyzer.runtime.model.ModelSpec;
import io.affectanalyzer.runtime.output.FrameResult;
import io.affectanalyzer.runtime.output.JsonlResultWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Records as the JSON objects of {@code --out x.jsonl}, one string each; for one thread. */
final class RecordJson {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final JsonlResultWriter writer;

  RecordJson(ModelSpec spec) {
    try {
      writer = new JsonlResultWriter(bytes, spec);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a generator over memory does not fail
    }
  }

  /** {@code frame}'s line, without its newline. */
  String of(FrameResult frame) {
    bytes.reset();
    try {
      writer.write(frame);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toString(StandardCharsets.UTF_8).strip();
  }
}
