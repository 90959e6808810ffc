package io.affectanalyzer.train.trainer;

import io.affectanalyzer.train.data.DataFormatException;
import io.affectanalyzer.train.vit.VitConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Builds the {@link TrainTask} a config's {@code kind} names. */
public final class Tasks {
  /** The kinds this build can train. */
  public static final List<String> KINDS = List.of("mae", "dan", "emma", "cotex", "vit");

  private Tasks() {}

  /**
   * The task for building or reloading a model only (export, {@link Pretrained}): relative
   * pretrained paths resolve against the working directory and are loaded only by training.
   */
  public static TrainTask create(TrainConfig config) {
    return create(config, Path.of("").toAbsolutePath());
  }

  /** {@code base}: the folder a config's relative paths (e.g. pretrained runs) start from. */
  public static TrainTask create(TrainConfig config, Path base) {
    String kind = config.kind() == null ? "" : config.kind().toLowerCase(Locale.ROOT);
    return switch (kind) {
      case "mae" -> new MaeTask(config, vit(config));
      case "dan" -> new DanTask(config);
      case "emma" -> new EmmaTask(config, vit(config), base);
      case "cotex" -> new CotexTask(config, vit(config), base);
      case "vit" -> new VitExpressionTask(vit(config));
      default ->
          throw new DataFormatException(
              "config kind '"
                  + config.kind()
                  + "' cannot be trained by this build; known: "
                  + KINDS);
    };
  }

  /**
   * The config's {@code trunkCheckpoint} (a DAN run whose trunk starts a hybrid ViT's), or null;
   * refused for a ViT without a ResNet trunk.
   */
  static String trunkCheckpoint(TrainConfig config, VitConfig vit) {
    String run = config.modelString("trunkCheckpoint", null);
    if (run != null && !vit.resNetTrunk()) {
      throw new IllegalArgumentException(
          "'trunkCheckpoint' starts a ResNet trunk, and preset "
              + vit.name()
              + " has none: use a vith- preset");
    }
    return run;
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
