package io.affectanalyzer.train.eval;

/**
 * What a model said about every sample of a set; a head the model lacks is null.
 *
 * @param expr {@code [n][8]} expression probabilities in the ABAW order
 * @param au {@code [n][12]} AU probabilities
 * @param va {@code [n][2]} valence, arousal
 */
public record ModelOutputs(float[][] expr, float[][] au, float[][] va) {}
