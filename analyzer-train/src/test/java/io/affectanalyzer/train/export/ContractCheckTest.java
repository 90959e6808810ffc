package io.affectanalyzer.train.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import io.affectanalyzer.runtime.model.ModelContract;
import io.affectanalyzer.train.eval.OnnxRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContractCheckTest {
  @Test
  void shouldPassAnExportedExpressionModel(@TempDir Path dir) throws Exception {
    Path file = TinyModels.expressionModel(dir.resolve("m.onnx"));
    try (OnnxRunner model = OnnxRunner.open(file, 1)) {
      assertEquals(List.of(), ContractCheck.problems(model));
      assertEquals("RGB", model.metadata().get(ModelContract.META_COLOR_ORDER));
      assertEquals("0.485,0.456,0.406", model.metadata().get(ModelContract.META_MEAN));
    }
  }

  @Test
  void shouldReportWrongLabelsAndAMissingKey(@TempDir Path dir) throws Exception {
    ModelProto good =
        ModelProto.parseFrom(Files.readAllBytes(TinyModels.expressionModel(dir.resolve("m.onnx"))));
    ModelProto.Builder bad = good.toBuilder().clearMetadataProps();
    for (StringStringEntryProto e : good.getMetadataPropsList()) {
      if (e.getKey().equals(ModelContract.META_EXPR_LABELS)) {
        bad.addMetadataProps(e.toBuilder().setValue("happy,sad"));
      } else if (!e.getKey().equals(ModelContract.META_VA_SUPERVISION)) {
        bad.addMetadataProps(e);
      }
    }
    try (OnnxRunner model = OnnxRunner.open(bad.build().toByteArray(), 1)) {
      List<String> problems = ContractCheck.problems(model);
      assertEquals(1, problems.size(), problems.toString());
      assertTrue(
          problems.get(0).contains(ModelContract.META_EXPR_LABELS + " must be"), problems.get(0));
    }
  }
}
