package io.affectanalyzer.train.export;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.affectanalyzer.runtime.model.ModelContract;
import io.affectanalyzer.train.vit.VisionTransformer;
import io.affectanalyzer.train.vit.VitConfig;
import java.nio.file.Path;
import java.util.List;

/** Small exported models for tests of the eval side. */
public final class TinyModels {
  private TinyModels() {}

  /** A random micro EMMA (ViT + DAN at 48 px) exported with all three heads. */
  public static Path emmaModel(Path file) throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      io.affectanalyzer.train.emma.Emma emma =
          io.affectanalyzer.train.emma.Emma.builder()
              .setVitConfig(VitConfig.vitMicro8At48())
              .setDanConfig(io.affectanalyzer.train.dan.DanConfig.danMicroAt48(8))
              .build();
      emma.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 48, 48));
      ModelMetadata meta =
          new ModelMetadata(
              "emma",
              ModelExporter.presetOf(emma),
              48,
              ParityFixtures.MEAN,
              ParityFixtures.STD,
              ModelExporter.headsOf(emma),
              "au=none;expr=none;va=none",
              "category-prior",
              new ModelMetadata.Provenance("test", "none", "none", "today"),
              0,
              false,
              null,
              null,
              false,
              List.of());
      OnnxGraph.write(ModelExporter.export(emma, meta, false), file);
    }
    return file;
  }

  /** A random micro ViT (48 px) with softmax over 8 classes as output {@code expr}. */
  public static Path expressionModel(Path file) throws Exception {
    VitConfig c = VitConfig.vitMicro8At48();
    try (NDManager manager = NDManager.newBaseManager()) {
      VisionTransformer vit = VisionTransformer.builder().setConfig(c).optNumClasses(8).build();
      vit.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 48, 48));
      OnnxGraph g = new OnnxGraph("tiny", false);
      OnnxLayers l = new OnnxLayers(g, BlockParameters.of(vit));
      String logits = VitOnnx.logits(l, g.input(ModelContract.INPUT, -1, 3, 48, 48), c, "");
      g.output(ModelContract.EXPR, l.softmax(logits, -1), -1, 8);
      ModelMetadata meta =
          new ModelMetadata(
              "vit",
              c.name(),
              48,
              ParityFixtures.MEAN,
              ParityFixtures.STD,
              List.of(ModelContract.EXPR),
              "expr=none",
              null,
              new ModelMetadata.Provenance("test", "none", "none", "today"),
              0,
              false,
              null,
              null,
              false,
              List.of());
      OnnxGraph.write(g.build(meta.toMap()), file);
    }
    return file;
  }
}
