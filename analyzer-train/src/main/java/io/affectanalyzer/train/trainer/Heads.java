package io.affectanalyzer.train.trainer;

import ai.djl.ndarray.NDArray;

/**
 * What a model predicts, as the runtime will see it: expression probabilities {@code [N, 8]}, AU
 * probabilities {@code [N, 12]}, valence/arousal {@code [N, 2]}; each may be null.
 */
public record Heads(NDArray exprProbs, NDArray auProbs, NDArray va) {}
