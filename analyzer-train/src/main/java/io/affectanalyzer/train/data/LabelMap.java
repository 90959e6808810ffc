package io.affectanalyzer.train.data;

import io.affectanalyzer.runtime.model.ModelContract;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Maps a data set's class names (folder names, table values) to the ABAW 8-class expression order
 * of {@link ModelContract#EXPRESSION_NAMES}. Names are matched case-insensitively.
 */
public final class LabelMap {
  private final Map<String, Integer> indexByName;

  private LabelMap(Map<String, Integer> indexByName) {
    this.indexByName = Map.copyOf(indexByName);
  }

  /** The ABAW names themselves, plus the usual synonyms (angry, happy, sad, contempt). */
  public static LabelMap abaw() {
    Map<String, Integer> map = new LinkedHashMap<>();
    for (String name : ModelContract.EXPRESSION_NAMES) {
      map.put(name, ModelContract.EXPRESSION_NAMES.indexOf(name));
    }
    map.put("angry", index("anger"));
    map.put("happy", index("happiness"));
    map.put("sad", index("sadness"));
    // CK+ has contempt, which ABAW has no class for: it falls into "other".
    map.put("contempt", index("other"));
    return new LabelMap(map);
  }

  /** FER2013's seven folders: angry, disgust, fear, happy, neutral, sad, surprise. */
  public static LabelMap fer2013() {
    return abaw().restrictedTo("angry", "disgust", "fear", "happy", "neutral", "sad", "surprise");
  }

  /** The ABAW4 LSD track's six classes. */
  public static LabelMap lsd() {
    return abaw().restrictedTo("anger", "disgust", "fear", "happiness", "sadness", "surprise");
  }

  /** CK+48's folders: anger, contempt, disgust, fear, happy, sadness, surprise. */
  public static LabelMap ckplus() {
    return abaw()
        .restrictedTo("anger", "contempt", "disgust", "fear", "happy", "sadness", "surprise");
  }

  private LabelMap restrictedTo(String... names) {
    Map<String, Integer> map = new LinkedHashMap<>();
    for (String name : names) {
      map.put(name, indexByName.get(name));
    }
    return new LabelMap(map);
  }

  /** The ABAW index of {@code name}, or empty when this map does not know it. */
  public Optional<Integer> lookup(String name) {
    return Optional.ofNullable(indexByName.get(name.trim().toLowerCase(Locale.ROOT)));
  }

  public java.util.Set<String> names() {
    return indexByName.keySet();
  }

  private static int index(String abawName) {
    return ModelContract.EXPRESSION_NAMES.indexOf(abawName);
  }
}
