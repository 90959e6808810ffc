package io.affectanalyzer.train.vit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import io.affectanalyzer.train.nn.ParameterNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Copies parameters by dotted name from one initialised block into another: an MAE encoder into a
 * ViT, a ViT into EMMA's or CoTEX's ViTs, or a ViT trained at one input size into one at another. A
 * position table ({@code pos}) whose grid differs is resized bilinearly, CLS slot kept; any other
 * shape mismatch is an error.
 */
public final class WeightTransfer {
  private WeightTransfer() {}

  /** What a transfer did: names copied as is, names resized, target names left untouched. */
  public record Report(List<String> copied, List<String> resized, List<String> untouched) {}

  /**
   * Copies every source parameter whose name passes {@code include} and exists in the target, with
   * {@code targetPrefix} prepended to the source name in the target (e.g. {@code "vit."}).
   */
  public static Report copy(
      Block source, Block target, String targetPrefix, Predicate<String> include) {
    Map<String, Parameter> from = ParameterNames.of(source);
    Map<String, Parameter> to = ParameterNames.of(target);
    List<String> copied = new ArrayList<>();
    List<String> resized = new ArrayList<>();
    List<String> untouched = new ArrayList<>(to.keySet());
    for (Map.Entry<String, Parameter> e : from.entrySet()) {
      String name = targetPrefix + e.getKey();
      Parameter dst = to.get(name);
      if (!include.test(e.getKey()) || dst == null) {
        continue;
      }
      NDArray src = e.getValue().getArray();
      NDArray out = dst.getArray();
      if (src.getShape().equals(out.getShape())) {
        out.set(src.toFloatArray());
        copied.add(name);
      } else if (isPositionTable(name) && src.getShape().get(2) == out.getShape().get(2)) {
        out.set(resizePositions(src, out.getShape()));
        resized.add(name);
      } else {
        throw new IllegalArgumentException(
            "cannot load '"
                + e.getKey()
                + "': shape "
                + src.getShape()
                + " does not fit "
                + out.getShape()
                + " (another width or depth?)");
      }
      untouched.remove(name);
    }
    return new Report(copied, resized, untouched);
  }

  /** Copies an encoder (MAE or ViT) into a ViT: everything but the head. */
  public static Report encoderIntoVit(Block encoder, VisionTransformer vit) {
    return copy(encoder, vit, "", encoderNamesFor(vit.config()));
  }

  /**
   * The encoder names to load into a ViT of {@code target}: all of them, but no patch embedding for
   * a ViT whose tokens come from a ResNet trunk (an MAE's patch conv does not fit its projection;
   * the trunk loads from a DAN instead, {@link #trunkFromDan}).
   */
  public static Predicate<String> encoderNamesFor(VitConfig target) {
    return name -> isEncoderName(name) && !(target.resNetTrunk() && name.startsWith("patchEmbed."));
  }

  /**
   * Copies a trained DAN's ResNet trunk (stem to layer3; layer4 has no place) into the trunk of the
   * ViT patch embedding whose names start with {@code patchEmbedPrefix} in {@code target}.
   */
  public static Report trunkFromDan(Block dan, Block target, String patchEmbedPrefix) {
    Report report = copy(dan, target, patchEmbedPrefix, name -> name.startsWith("trunk."));
    if (report.copied().isEmpty()) {
      throw new IllegalArgumentException(
          "the DAN's trunk has nowhere to go: the ViT has no ResNet trunk (use a vith- preset)");
    }
    return report;
  }

  /** Names of the shared ViT/MAE encoder part (no head, no decoder). */
  public static boolean isEncoderName(String name) {
    return name.startsWith("patchEmbed.")
        || name.equals("cls")
        || name.equals("pos")
        || name.startsWith("blocks.")
        || name.startsWith("norm.");
  }

  private static boolean isPositionTable(String name) {
    return name.equals("pos") || name.endsWith(".pos");
  }

  private static float[] resizePositions(NDArray src, Shape target) {
    int dim = (int) src.getShape().get(2);
    int from = grid(src.getShape().get(1) - 1);
    int to = grid(target.get(1) - 1);
    return PositionEmbeddings.resize(src.toFloatArray(), dim, from, to);
  }

  private static int grid(long patches) {
    int g = (int) Math.round(Math.sqrt(patches));
    if ((long) g * g != patches) {
      throw new IllegalArgumentException("position table of " + patches + " patches is not square");
    }
    return g;
  }
}
