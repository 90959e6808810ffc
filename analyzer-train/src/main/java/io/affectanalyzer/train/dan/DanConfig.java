package io.affectanalyzer.train.dan;

/**
 * Size of a DAN: ResNet-18 trunk of base width {@code baseWidth} (64 in the paper: 512 channels at
 * layer4), {@code heads} cross-attention heads, {@code numClasses} outputs, and a stem for the
 * input size.
 *
 * @param name preset name for metadata
 * @param numClasses classes of the fc/BatchNorm output (8 for EMMA)
 * @param heads cross-attention heads (4 in the paper)
 * @param baseWidth channels of layer1; layer4 has 8x as many
 * @param stem how the trunk reduces the input before layer1
 * @param inputSize square input side in pixels
 */
public record DanConfig(
    String name, int numClasses, int heads, int baseWidth, Stem stem, int inputSize) {

  /**
   * The trunk's stem. The ResNet stem divides the input by 4, which leaves a 48-112 px face only 2
   * to 4 cells at layer4, too few for spatial attention; the small-input stems use a 3x3 conv and
   * no max-pool so layer4 keeps a 6x6 to 8x8 map.
   */
  public enum Stem {
    /** 7x7 stride-2 conv + 3x3 stride-2 max-pool (/4): 224 px gives 7x7 at layer4. */
    IMAGENET(4),
    /** 3x3 stride-2 conv, no pool (/2): 112 px gives 7x7 at layer4. */
    STRIDE2(2),
    /** 3x3 stride-1 conv, no pool (/1): 48 px gives 6x6, 64 px 8x8 at layer4. */
    STRIDE1(1);

    private final int reduction;

    Stem(int reduction) {
      this.reduction = reduction;
    }

    public int reduction() {
      return reduction;
    }
  }

  public DanConfig {
    if (numClasses <= 0 || heads <= 0 || baseWidth <= 0 || inputSize <= 0) {
      throw new IllegalArgumentException("DAN sizes must be positive: " + name);
    }
    if (baseWidth * 8 % 16 != 0) {
      throw new IllegalArgumentException("DAN base width must be a multiple of 2: " + baseWidth);
    }
    if (inputSize % (stem.reduction() * 8) != 0) {
      throw new IllegalArgumentException(
          "DAN "
              + name
              + ": input "
              + inputSize
              + " must be a multiple of "
              + stem.reduction() * 8);
    }
  }

  /** The paper's DAN: ResNet-18 at 224 px, 4 heads. */
  public static DanConfig danResNet18At224(int numClasses) {
    return new DanConfig("dan-r18-224", numClasses, 4, 64, Stem.IMAGENET, 224);
  }

  /** Full-width ResNet-18 for 112 px crops (ABAW): stride-2 stem, 7x7 at layer4. */
  public static DanConfig danResNet18At112(int numClasses) {
    return new DanConfig("dan-r18-112", numClasses, 4, 64, Stem.STRIDE2, 112);
  }

  /** Full-width ResNet-18 for 64 px faces: stride-1 stem, 8x8 at layer4. */
  public static DanConfig danResNet18At64(int numClasses) {
    return new DanConfig("dan-r18-64", numClasses, 4, 64, Stem.STRIDE1, 64);
  }

  /** Width-16 ResNet-18 (128 channels at layer4, 6x6 map) at 48 px: the shipped CPU models. */
  public static DanConfig danW16At48(int numClasses) {
    return new DanConfig("dan-r18w16-48", numClasses, 4, 16, Stem.STRIDE1, 48);
  }

  /** Width-8 ResNet-18 (64 channels at layer4) at 48 px: tests and CPU smoke runs. */
  public static DanConfig danMicroAt48(int numClasses) {
    return new DanConfig("dan-micro-48", numClasses, 4, 8, Stem.STRIDE1, 48);
  }

  /** Channels at layer4 (512 for the paper's ResNet-18). */
  public int featureWidth() {
    return baseWidth * 8;
  }

  /** Side of the layer4 map. */
  public int featureSize() {
    return inputSize / (stem.reduction() * 8);
  }

  public DanConfig withInputSize(int size) {
    return new DanConfig(name + "@" + size, numClasses, heads, baseWidth, stem, size);
  }
}
