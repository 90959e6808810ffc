package io.affectanalyzer.train.vit;

import java.util.List;
import java.util.Locale;

/**
 * Size of a Vision Transformer. Presets are named by size: {@code vitMicro8At48} is width 64, patch
 * 8, input 48. {@link #name()} is the preset name written into model metadata.
 *
 * @param name preset name, e.g. {@code vit-tiny-p8-64}
 * @param width token width D
 * @param depth number of transformer blocks
 * @param heads attention heads (width must divide by it)
 * @param patch patch side in pixels (input must divide by it)
 * @param inputSize square input side in pixels
 * @param mlpRatio MLP hidden width over D
 * @param qkvBias whether the qkv Linear has a bias
 * @param dropPath stochastic-depth rate of the last block (linear from 0 over the blocks)
 * @param layerNormEps LayerNorm epsilon
 * @param stemWidth 0 for the plain patch conv; otherwise the channels of a small conv stem (3x3
 *     stride 1 at half this width, 3x3 stride 2, then a patch/2-strided projection) in place of it
 * @param trunkWidth 0 for none; otherwise the base width of a ResNet-18 trunk to layer3 (stride-1
 *     stem, a map of input/4 per side) whose features a patch/4-strided projection turns into the
 *     tokens: the hybrid ViT of Dosovitskiy et al. 2021, section 3.1
 */
public record VitConfig(
    String name,
    int width,
    int depth,
    int heads,
    int patch,
    int inputSize,
    double mlpRatio,
    boolean qkvBias,
    float dropPath,
    float layerNormEps,
    int stemWidth,
    int trunkWidth) {

  public VitConfig {
    if (width <= 0 || depth <= 0 || heads <= 0 || patch <= 0 || inputSize <= 0) {
      throw new IllegalArgumentException("ViT sizes must be positive: " + name);
    }
    if (width % heads != 0) {
      throw new IllegalArgumentException(
          "ViT " + name + ": width " + width + " is not divisible by " + heads + " heads");
    }
    if (inputSize % patch != 0) {
      throw new IllegalArgumentException(
          "ViT " + name + ": input " + inputSize + " is not a multiple of patch " + patch);
    }
    if (stemWidth < 0 || stemWidth % 2 != 0 || (stemWidth > 0 && patch % 2 != 0)) {
      throw new IllegalArgumentException(
          "ViT " + name + ": a conv stem needs an even width and an even patch");
    }
    if (trunkWidth < 0 || (trunkWidth > 0 && (patch % 4 != 0 || stemWidth > 0))) {
      throw new IllegalArgumentException(
          "ViT " + name + ": a ResNet trunk needs a patch that divides by 4 and no conv stem");
    }
    if (dropPath < 0 || dropPath >= 1) {
      throw new IllegalArgumentException("ViT " + name + ": drop-path must be in [0, 1)");
    }
  }

  /** Width 64, 2 blocks, 2 heads, patch 8 at 48 px (36 tokens): tests and CPU smoke runs. */
  public static VitConfig vitMicro8At48() {
    return new VitConfig("vit-micro-p8-48", 64, 2, 2, 8, 48, 4.0, true, 0f, 1e-6f, 0, 0);
  }

  /** Width 192, 6 blocks, 3 heads, patch 8 at 64 px (64 tokens): the CPU real-time default. */
  public static VitConfig vitTiny8At64() {
    return new VitConfig("vit-tiny-p8-64", 192, 6, 3, 8, 64, 4.0, true, 0.1f, 1e-6f, 0, 0);
  }

  /**
   * Width 128, 6 blocks, 4 heads, patch 6 at 48 px (64 tokens): the models shipped until 2026-12
   * (trained on a blurred FER2013 copy); a quarter of the tiny preset's compute.
   */
  public static VitConfig vitMini6At48() {
    return new VitConfig("vit-mini-p6-48", 128, 6, 4, 6, 48, 4.0, true, 0.05f, 1e-6f, 0, 0);
  }

  /**
   * Width 128, 6 blocks, 4 heads, patch 4 at 48 px (144 tokens): the shipped CPU models. 48 px is
   * FER2013's own size; patches of 4 px keep the detail of eyes and mouth corners that patches of 6
   * average out, for 2.4x the time of {@link #vitMini6At48} (EMMA at batch 8 on one core: 93.5
   * against 220.8 faces/s, measured in turn).
   */
  public static VitConfig vitMini4At48() {
    return new VitConfig("vit-mini-p4-48", 128, 6, 4, 4, 48, 4.0, true, 0.1f, 1e-6f, 0, 0);
  }

  /**
   * {@link #vitMini6At48} with a conv stem of 64 channels in place of its patch conv ("ViT_C", Xiao
   * et al. 2021, "Early convolutions help transformers see better"): on FER2013's 29k faces the
   * plain patch conv left a ViT of this size near the class prior after 20 epochs, while the stem's
   * locality lets it learn from that little data. Each token sees 9x9 px around its 6x6 patch, so
   * MAE's masked patches leak 1.5 px of border into their neighbours' tokens.
   */
  public static VitConfig vitcMini6At48() {
    return vitMini6At48().withConvStem(64);
  }

  /**
   * Width 128, 6 blocks, 4 heads, 36 tokens at 48 px, each a 2x2 cell of the layer3 map of a
   * width-16 ResNet-18 trunk (the DAN's own, {@code dan-r18w16-48}): the trunk can start from a
   * trained DAN, whose features FER2013 taught in a few epochs what the plain ViT had not learnt in
   * twelve.
   */
  public static VitConfig vithMini8At48() {
    return new VitConfig("vith-mini-p8-48", 128, 6, 4, 8, 48, 4.0, true, 0.05f, 1e-6f, 0, 16);
  }

  /** {@link #vitMicro8At48} on the trunk of {@code dan-micro-48} (base width 8): tests. */
  public static VitConfig vithMicro8At48() {
    return vitMicro8At48().withResNetTrunk(8);
  }

  /** Width 192, 8 blocks, 3 heads, patch 8 at 112 px (196 tokens): the ABAW crop size on CPU. */
  public static VitConfig vitTiny8At112() {
    return new VitConfig("vit-tiny-p8-112", 192, 8, 3, 8, 112, 4.0, true, 0.1f, 1e-6f, 0, 0);
  }

  /** The paper's ViT-B/16 at 224 px: width 768, 12 blocks, 12 heads, drop-path 0.1. */
  public static VitConfig vitBase16At224() {
    return new VitConfig("vit-base-p16-224", 768, 12, 12, 16, 224, 4.0, true, 0.1f, 1e-6f, 0, 0);
  }

  public static List<VitConfig> presets() {
    return List.of(
        vitMicro8At48(),
        vitMini6At48(),
        vitMini4At48(),
        vitcMini6At48(),
        vithMicro8At48(),
        vithMini8At48(),
        vitTiny8At64(),
        vitTiny8At112(),
        vitBase16At224());
  }

  /** The preset called {@code name} (e.g. {@code vit-tiny-p8-64}); one-line error otherwise. */
  public static VitConfig byName(String name) {
    for (VitConfig c : presets()) {
      if (c.name().equals(name.toLowerCase(Locale.ROOT))) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "unknown ViT preset '"
            + name
            + "'; known: "
            + presets().stream().map(VitConfig::name).toList());
  }

  /** Whether a conv stem replaces the patch conv. */
  public boolean convStem() {
    return stemWidth > 0;
  }

  /** Whether a ResNet trunk makes the tokens. */
  public boolean resNetTrunk() {
    return trunkWidth > 0;
  }

  /** Patches per side. */
  public int gridSize() {
    return inputSize / patch;
  }

  /** Patch tokens L (without CLS). */
  public int numPatches() {
    return gridSize() * gridSize();
  }

  /** The same ViT fed at another input size (position embeddings are interpolated on load). */
  public VitConfig withInputSize(int size) {
    return copy(name + "@" + size, depth, size, dropPath, stemWidth, trunkWidth);
  }

  /** A copy with fewer blocks, e.g. to test a large preset quickly. */
  public VitConfig withDepth(int blocks) {
    return copy(name + "-d" + blocks, blocks, inputSize, dropPath, stemWidth, trunkWidth);
  }

  /**
   * A copy whose patch conv is replaced by a conv stem of {@code channels}: "vit-" becomes "vitc-".
   */
  public VitConfig withConvStem(int channels) {
    return copy(name.replaceFirst("^vit-", "vitc-"), depth, inputSize, dropPath, channels, 0);
  }

  /**
   * A copy whose tokens come from a ResNet-18 trunk of base width {@code baseWidth}, in place of
   * any conv stem: "vit-" (or "vitc-") becomes "vith-".
   */
  public VitConfig withResNetTrunk(int baseWidth) {
    return copy(name.replaceFirst("^vitc?-", "vith-"), depth, inputSize, dropPath, 0, baseWidth);
  }

  public VitConfig withDropPath(float rate) {
    return copy(name, depth, inputSize, rate, stemWidth, trunkWidth);
  }

  private VitConfig copy(String newName, int blocks, int size, float rate, int stem, int trunk) {
    return new VitConfig(
        newName,
        width,
        blocks,
        heads,
        patch,
        size,
        mlpRatio,
        qkvBias,
        rate,
        layerNormEps,
        stem,
        trunk);
  }
}
