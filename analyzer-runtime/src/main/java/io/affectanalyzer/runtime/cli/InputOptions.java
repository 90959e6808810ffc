package io.affectanalyzer.runtime.cli;

import io.affectanalyzer.runtime.source.FrameSource;
import io.affectanalyzer.runtime.source.FrameSources;
import io.affectanalyzer.runtime.source.SourceException;
import io.affectanalyzer.runtime.source.SourceOptions;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code run}'s inputs: what to analyse. */
final class InputOptions {
  @Option(
      names = {"-i", "--input"},
      required = true,
      paramLabel = "INPUT",
      description =
          "A video file, an image or a folder of images, a webcam (/dev/video0) or a stream"
              + " (rtsp://, http://). Repeat for several inputs at once.")
  List<String> inputs;

  /** The inputs of one job, as if given with --input. */
  static InputOptions of(String... inputs) {
    InputOptions o = new InputOptions();
    o.inputs = List.of(inputs);
    return o;
  }

  /**
   * Opens and starts every input in order, adding each to {@code opened} at once, so that the
   * caller closes those already open when a later one fails.
   */
  void openAll(SourceOptions options, List<FrameSource> opened) throws SourceException {
    for (String input : inputs) {
      FrameSource source = FrameSources.open(input, options);
      opened.add(source);
      source.start();
    }
  }
}
