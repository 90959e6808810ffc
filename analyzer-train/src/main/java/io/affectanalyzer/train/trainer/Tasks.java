package io.affectanalyzer.train.trainer;

import io.affectanalyzer.train.data.DataFormatException;
import io.affectanalyzer.train.vit.VitConfig;
import java.util.List;
import java.util.Locale;

/** Builds the {@link TrainTask} a config's {@code kind} names. */
public final class Tasks {
  /** The kinds this build can train. */
  public static final List<String> KINDS = List.of("vit");

  private Tasks() {}

  public static TrainTask create(TrainConfig config) {
    String kind = config.kind() == null ? "" : config.kind().toLowerCase(Locale.ROOT);
    VitConfig vit = vit(config);
    return switch (kind) {
      case "vit" -> new VitExpressionTask(vit);
      default ->
          throw new DataFormatException(
              "config kind '"
                  + config.kind()
                  + "' cannot be trained by this build; known: "
                  + KINDS);
    };
  }

  static VitConfig vit(TrainConfig config) {
    if (config.preset() == null) {
      throw new DataFormatException(
          "config needs a ViT \"preset\", e.g. " + VitConfig.vitTiny8At64().name());
    }
    VitConfig preset;
    try {
      preset = VitConfig.byName(config.preset());
    } catch (IllegalArgumentException e) {
      throw new DataFormatException(e.getMessage());
    }
    return preset.inputSize() == config.inputSize()
        ? preset
        : preset.withInputSize(config.inputSize());
  }
}
