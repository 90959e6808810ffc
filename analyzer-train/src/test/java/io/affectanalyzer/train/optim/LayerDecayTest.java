package io.affectanalyzer.train.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Parameter;
import io.affectanalyzer.train.dan.DanConfig;
import io.affectanalyzer.train.emma.Emma;
import io.affectanalyzer.train.nn.ParameterNames;
import io.affectanalyzer.train.vit.VitConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LayerDecayTest {
  private final LayerDecay decay = new LayerDecay(12, 0.65);

  @Test
  void shouldPutEmbeddingsAtLayerZeroBlocksAtIndexPlusOneAndHeadsAtTheTop() {
    assertEquals(0, decay.layerOf("patchEmbed.proj.weight"));
    assertEquals(0, decay.layerOf("01patchEmbed_01proj_weight"));
    assertEquals(0, decay.layerOf("cls"));
    assertEquals(0, decay.layerOf("pos"));
    assertEquals(0, decay.layerOf("03pos_embed"));
    assertEquals(1, decay.layerOf("blocks.0.attn.qkv.weight"));
    assertEquals(4, decay.layerOf("blocks.3.mlp.fc1.bias"));
    assertEquals(12, decay.layerOf("blocks.11.norm1.gamma"));
    // DJL SequentialBlock children are numbered from 01: child 03 is block index 2, layer 3.
    assertEquals(3, decay.layerOf("04blocks_03VitBlock_01attn_01qkv_weight"));
    assertEquals(13, decay.layerOf("norm.gamma"));
    assertEquals(13, decay.layerOf("06head_01Linear_weight"));
  }

  @Test
  void shouldAssignLayersToTheRealEmmaParameterNames() {
    Emma emma =
        Emma.builder()
            .setVitConfig(VitConfig.vitMicro8At48())
            .setDanConfig(DanConfig.danMicroAt48(8))
            .build();
    LayerDecay d = new LayerDecay(2, 0.65);
    Map<String, Parameter> names = ParameterNames.of(emma);
    assertEquals(0, d.layerOf("vit.patchEmbed.proj.weight"));
    assertEquals(0, d.layerOf("vit.cls"));
    assertEquals(0, d.layerOf("vit.pos"));
    for (String name : names.keySet()) {
      int layer = d.layerOf(name);
      if (name.startsWith("vit.blocks.0.")) {
        assertEquals(1, layer, name);
      } else if (name.startsWith("vit.blocks.1.")) {
        assertEquals(2, layer, name);
      } else if (name.startsWith("vit.patchEmbed")
          || name.equals("vit.cls")
          || name.equals("vit.pos")) {
        assertEquals(0, layer, name);
      } else {
        assertEquals(3, layer, name); // heads, final norm, DAN (frozen anyway)
      }
    }
    assertTrue(names.containsKey("vit.blocks.1.attn.qkv.weight"));
  }

  @Test
  void shouldScaleLearningRateByDecayPowerOfDistanceFromTop() {
    assertEquals(1.0, decay.scaleOf("head.weight"), 1e-12);
    assertEquals(1.0, decay.scaleOf("norm.beta"), 1e-12);
    assertEquals(0.65, decay.scaleOf("blocks.11.attn.proj.weight"), 1e-12);
    assertEquals(Math.pow(0.65, 12), decay.scaleOf("blocks.0.attn.proj.weight"), 1e-12);
    assertEquals(Math.pow(0.65, 13), decay.scaleOf("patchEmbed.proj.weight"), 1e-12);
    assertEquals(1.0, new LayerDecay(12, 1.0).scaleOf("cls"), 1e-12);
  }

  @Test
  void shouldExemptBiasesNormsAndTokensFromWeightDecay() {
    assertTrue(LayerDecay.decays("blocks.0.attn.qkv.weight", 2));
    assertTrue(LayerDecay.decays("patchEmbed.proj.weight", 4));
    assertFalse(LayerDecay.decays("blocks.0.attn.qkv.bias", 1));
    assertFalse(LayerDecay.decays("blocks.0.norm1.gamma", 1));
    assertFalse(LayerDecay.decays("02LayerNorm_beta", 1));
    assertFalse(LayerDecay.decays("pos", 3));
    assertFalse(LayerDecay.decays("01cls_token", 3));
    assertFalse(LayerDecay.decays("decoder.mask_token", 3));
    assertFalse(LayerDecay.decays("any_1d_scale", 1));
  }
}
