package io.affectanalyzer.train.data;

import java.nio.file.Path;

/** One face image on disk and its labels; the pixels are decoded when a batch is built. */
public record Sample(Path image, AffectLabels labels) {}
