package io.affectanalyzer.runtime.model;

/**
 * What an affect model says about one face. A field is null when the model has no such head.
 *
 * @param au 12 AU probabilities in {@link ModelContract#AU_NAMES} order
 * @param expr 8 expression probabilities in {@link ModelContract#EXPRESSION_NAMES} order
 * @param va valence, arousal in [-1, 1]
 */
public record AffectScores(float[] au, float[] expr, float[] va) {}
