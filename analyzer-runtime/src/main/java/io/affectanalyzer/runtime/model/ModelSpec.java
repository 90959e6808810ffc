package io.affectanalyzer.runtime.model;

import java.util.Map;
import java.util.Set;

/**
 * A model's own description, read from its metadata and checked against {@link ModelContract}.
 *
 * @param inputSize square input side in pixels
 * @param rgb true when the input planes are R, G, B (false: B, G, R)
 * @param mean per-plane mean, in the planes' order, on the [0, 1] scale
 * @param std per-plane standard deviation, likewise
 * @param heads outputs present: a subset of {@code au, expr, va}
 * @param auThresholds per-AU on/off thresholds (length 12)
 * @param vaSupervision "rated", "category-prior", or null when there is no VA head
 * @param metadata every metadata entry, for provenance
 */
public record ModelSpec(
    int inputSize,
    boolean rgb,
    float[] mean,
    float[] std,
    Set<String> heads,
    float[] auThresholds,
    String vaSupervision,
    Map<String, String> metadata) {

  public boolean has(String head) {
    return heads.contains(head);
  }
}
