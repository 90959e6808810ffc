package io.affectanalyzer.train.nn;

import ai.djl.ndarray.types.Shape;

/** Shape arithmetic that the blocks need to initialise their children. */
public final class Shapes {
  private Shapes() {}

  /** {@code shape} with its last dimension replaced by {@code last}. */
  public static Shape withLast(Shape shape, long last) {
    return shape.slice(0, shape.dimension() - 1).add(last);
  }
}
