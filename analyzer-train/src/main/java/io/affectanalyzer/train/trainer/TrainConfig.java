package io.affectanalyzer.train.trainer;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.affectanalyzer.train.data.Augmentation;
import io.affectanalyzer.train.data.DataFormatException;
import io.affectanalyzer.train.optim.OptimConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A training run as a JSON file ({@code analyzer-train/configs/*.json}): which model ({@code kind},
 * ViT {@code preset}, model-specific {@code model} settings), which data, and how to optimise.
 * Relative data paths are resolved against the config file's folder.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record TrainConfig(
    String kind,
    String preset,
    int inputSize,
    long seed,
    int epochs,
    int batchSize,
    float[] mean,
    float[] std,
    Augmentation augmentation,
    OptimConfig optim,
    List<DataSource> train,
    List<DataSource> val,
    Map<String, Object> model) {

  static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  public TrainConfig {
    if (epochs < 1 || batchSize < 1 || inputSize < 8) {
      throw new IllegalArgumentException("need epochs >= 1, batchSize >= 1 and inputSize >= 8");
    }
    if (mean == null || std == null || mean.length != 3 || std.length != 3) {
      throw new IllegalArgumentException("need 3 values each in \"mean\" and \"std\"");
    }
    if (train == null || train.isEmpty()) {
      throw new IllegalArgumentException("need at least one \"train\" data source");
    }
    augmentation = augmentation == null ? Augmentation.none() : augmentation;
    optim = optim == null ? OptimConfig.emma() : optim;
    val = val == null ? List.of() : List.copyOf(val);
    model = model == null ? Map.of() : Map.copyOf(model);
  }

  /** Reads a config file; any mistake in it becomes a one-line {@link DataFormatException}. */
  public static TrainConfig read(Path file) {
    try {
      return JSON.readValue(Files.readString(file), TrainConfig.class);
    } catch (NoSuchFileException e) {
      throw DataFormatException.of(file, "no such config file");
    } catch (JsonMappingException e) {
      String where = e.getLocation() == null ? "" : e.getLocation().getLineNr() + ":";
      String cause =
          e.getCause() instanceof IllegalArgumentException iae
              ? iae.getMessage()
              : e.getOriginalMessage();
      throw new DataFormatException(file + ":" + where + " " + firstLine(cause));
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : e.getLocation().getLineNr() + ":";
      throw new DataFormatException(file + ":" + where + " " + firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw DataFormatException.of(file, "cannot read: " + e.getMessage());
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "invalid config";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  public TrainConfig withEpochs(int n) {
    return new TrainConfig(
        kind,
        preset,
        inputSize,
        seed,
        n,
        batchSize,
        mean,
        std,
        augmentation,
        optim,
        train,
        val,
        model);
  }

  /** A model setting as a number, or {@code fallback} when the config leaves it out. */
  public double modelNumber(String key, double fallback) {
    Object v = model.get(key);
    return v instanceof Number n ? n.doubleValue() : fallback;
  }

  public String modelString(String key, String fallback) {
    Object v = model.get(key);
    return v == null ? fallback : v.toString();
  }

  public String toJson() {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
