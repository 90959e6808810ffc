package io.affectanalyzer.train.eval;

/** The ABAW4 challenge scores (paper eqs. 8 and 10), on the 0..3 and 0..1 scales (not percent). */
public final class AbawScores {
  /** anger, disgust, fear, happiness, sadness, surprise in the 8-class ABAW order. */
  public static final int[] LSD_CLASSES = {1, 2, 3, 4, 5, 6};

  private AbawScores() {}

  /** {@code P_MTL = (CCC_V + CCC_A) / 2 + macro-F1 over 8 expressions + mean F1 over 12 AUs}. */
  public static double pMtl(double cccValence, double cccArousal, double exprMacroF1, double auF1) {
    return (cccValence + cccArousal) / 2 + exprMacroF1 + auF1;
  }

  /** {@code P_LSD}: macro-F1 over the six LSD classes of an 8-class confusion matrix. */
  public static double pLsd(ConfusionMatrix expr8) {
    if (expr8.classes() != 8) {
      throw new IllegalArgumentException("P_LSD needs the 8-class matrix, got " + expr8.classes());
    }
    return expr8.macroF1(LSD_CLASSES);
  }
}
