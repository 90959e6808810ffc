package io.affectanalyzer.train.trainer;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a training run did: epochs and optimiser steps it started from and reached, the last
 * training loss and validation scores, and the files it wrote.
 */
public record TrainResult(
    String kind,
    Path runDir,
    int startEpoch,
    int endEpoch,
    long startStep,
    long endStep,
    double lastTrainLoss,
    Map<String, Double> validation,
    Path checkpoint,
    Path metricsCsv,
    Path metricsJsonl,
    Path curves) {}
