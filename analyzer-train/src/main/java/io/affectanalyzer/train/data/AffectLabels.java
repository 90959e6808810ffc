package io.affectanalyzer.train.data;

import io.affectanalyzer.runtime.model.ModelContract;
import java.util.Arrays;

/**
 * The labels of one face in the fixed encoding every model and loss reads: expression index in
 * {@link ModelContract#EXPRESSION_NAMES} order or {@value #NO_EXPR}; 12 AUs in {@link
 * ModelContract#AU_NAMES} order, each 0, 1 or {@value #NO_AU}; valence and arousal in [-1, 1] or
 * {@value #NO_VA}. A task without a label is masked out of its loss.
 */
public record AffectLabels(int expr, float[] au, float[] va) {
  public static final int NO_EXPR = -1;
  public static final float NO_AU = -1f;
  public static final float NO_VA = -5f;
  public static final int AU_COUNT = ModelContract.AU_NAMES.size();
  public static final int EXPR_COUNT = ModelContract.EXPRESSION_NAMES.size();

  public AffectLabels {
    if (au.length != AU_COUNT || va.length != 2) {
      throw new IllegalArgumentException("labels need 12 AUs and 2 VA values");
    }
    if (expr < NO_EXPR || expr >= EXPR_COUNT) {
      throw new IllegalArgumentException("expression index out of range: " + expr);
    }
    au = au.clone();
    va = va.clone();
  }

  /** A face with only an expression label. */
  public static AffectLabels ofExpression(int expr) {
    return new AffectLabels(expr, noAu(), noVa());
  }

  public static float[] noAu() {
    float[] au = new float[AU_COUNT];
    Arrays.fill(au, NO_AU);
    return au;
  }

  public static float[] noVa() {
    return new float[] {NO_VA, NO_VA};
  }

  @Override
  public float[] au() {
    return au.clone();
  }

  @Override
  public float[] va() {
    return va.clone();
  }

  public boolean hasExpr() {
    return expr != NO_EXPR;
  }

  public boolean hasAu() {
    for (float a : au) {
      if (a != NO_AU) {
        return true;
      }
    }
    return false;
  }

  public boolean hasVa() {
    return va[0] != NO_VA || va[1] != NO_VA;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AffectLabels other
        && expr == other.expr
        && Arrays.equals(au, other.au)
        && Arrays.equals(va, other.va);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * expr + Arrays.hashCode(au)) + Arrays.hashCode(va);
  }

  @Override
  public String toString() {
    return "AffectLabels[expr="
        + expr
        + ", au="
        + Arrays.toString(au)
        + ", va="
        + Arrays.toString(va)
        + "]";
  }
}
