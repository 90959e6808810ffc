package io.affectanalyzer.train.data;

import io.affectanalyzer.runtime.model.ModelContract;

/**
 * Valence/arousal from the expression category, for sets with no VA ratings (FER2013, CK+): each
 * class gets the pleasure and arousal of its emotion term in Russell and Mehrabian (1977, the PAD
 * ratings of emotion terms, on [-1, 1]). A model trained on these learns category-level VA only;
 * its metadata must say {@code va=category-prior}. "other" and unlabelled faces get no VA.
 */
public final class VaPrior {
  // neutral, anger, disgust, fear, happiness, sadness, surprise (ABAW order); "other" has none.
  private static final float[][] BY_CLASS = {
    {0.00f, 0.00f},
    {-0.51f, 0.59f},
    {-0.60f, 0.35f},
    {-0.64f, 0.60f},
    {0.81f, 0.51f},
    {-0.63f, -0.27f},
    {0.40f, 0.67f},
  };

  private VaPrior() {}

  /** The sample with VA set from its expression, when it has an expression and no VA yet. */
  public static Sample apply(Sample s) {
    AffectLabels l = s.labels();
    int other = ModelContract.EXPRESSION_NAMES.indexOf("other");
    if (!l.hasExpr() || l.hasVa() || l.expr() == other) {
      return s;
    }
    return s.withLabels(new AffectLabels(l.expr(), l.au(), BY_CLASS[l.expr()].clone()));
  }
}
