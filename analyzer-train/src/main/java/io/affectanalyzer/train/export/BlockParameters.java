package io.affectanalyzer.train.export;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A block's parameters by dotted path ({@code blocks.3.attn.qkv.weight}): child names without the
 * two-digit position DJL prefixes them with, joined by dots, then the parameter's own name.
 */
public final class BlockParameters {
  private final Map<String, NDArray> byName = new TreeMap<>();

  private BlockParameters() {}

  public static BlockParameters of(Block block) {
    BlockParameters p = new BlockParameters();
    p.collect("", block);
    return p;
  }

  private void collect(String prefix, Block block) {
    for (Parameter parameter : block.getDirectParameters().values()) {
      if (parameter.isInitialized()) {
        byName.put(prefix + parameter.getName(), parameter.getArray());
      }
    }
    PairList<String, Block> children = block.getChildren();
    java.util.List<String> stripped = new java.util.ArrayList<>();
    for (int i = 0; i < children.size(); i++) {
      stripped.add(childName(i, children.get(i).getKey()));
    }
    for (int i = 0; i < children.size(); i++) {
      Pair<String, Block> child = children.get(i);
      // Siblings of one name (a SequentialBlock of two Linears) keep DJL's numbered names.
      String name =
          java.util.Collections.frequency(stripped, stripped.get(i)) == 1
              ? stripped.get(i)
              : child.getKey();
      collect(prefix + name + ".", child.getValue());
    }
  }

  /** The same arrays with name prefixes replaced ({@code old -> new}, whole dotted segments). */
  public BlockParameters renamed(Map<String, String> prefixes) {
    BlockParameters out = new BlockParameters();
    for (Map.Entry<String, NDArray> e : byName.entrySet()) {
      String name = e.getKey();
      for (Map.Entry<String, String> r : prefixes.entrySet()) {
        if (name.startsWith(r.getKey() + ".")) {
          name = r.getValue() + name.substring(r.getKey().length());
          break;
        }
      }
      out.byName.put(name, e.getValue());
    }
    return out;
  }

  /** These arrays and {@code other}'s, the latter under {@code prefix.} (a second model). */
  public BlockParameters with(String prefix, BlockParameters other) {
    BlockParameters out = new BlockParameters();
    out.byName.putAll(byName);
    other.byName.forEach((name, array) -> out.byName.put(prefix + "." + name, array));
    return out;
  }

  /** DJL stores a child added as {@code name} under {@code "%02d" + name} (1-based position). */
  static String childName(int index, String stored) {
    String position = String.format(Locale.ROOT, "%02d", index + 1);
    return stored.startsWith(position) ? stored.substring(position.length()) : stored;
  }

  public Map<String, NDArray> all() {
    return byName;
  }

  public boolean has(String name) {
    return byName.containsKey(name);
  }

  /** The parameter, or a one-line error naming what is there. */
  public NDArray get(String name) {
    NDArray array = byName.get(name);
    if (array == null) {
      String near =
          byName.keySet().stream()
              .filter(k -> k.startsWith(name.substring(0, Math.max(0, name.lastIndexOf('.')))))
              .limit(8)
              .toList()
              .toString();
      throw new IllegalArgumentException(
          "checkpoint has no parameter " + name + " (near: " + near + ")");
    }
    return array;
  }

  public float[] floats(String name) {
    return get(name).toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
  }

  public long[] shape(String name) {
    return get(name).getShape().getShape();
  }
}
