package io.affectanalyzer.train.export;

/** The ONNX operators our exporters use (opset {@value OnnxGraph#OPSET} semantics). */
public enum OnnxOp {
  ADD("Add"),
  SUB("Sub"),
  MUL("Mul"),
  DIV("Div"),
  MATMUL("MatMul"),
  CONV("Conv"),
  PAD("Pad"),
  RELU("Relu"),
  SIGMOID("Sigmoid"),
  TANH("Tanh"),
  ERF("Erf"),
  SOFTMAX("Softmax"),
  LOG_SOFTMAX("LogSoftmax"),
  TRANSPOSE("Transpose"),
  RESHAPE("Reshape"),
  CONCAT("Concat"),
  GATHER("Gather"),
  SLICE("Slice"),
  SHAPE("Shape"),
  EXPAND("Expand"),
  REDUCE_SUM("ReduceSum"),
  REDUCE_MEAN("ReduceMean"),
  GLOBAL_AVERAGE_POOL("GlobalAveragePool"),
  MAX_POOL("MaxPool"),
  BATCH_NORMALIZATION("BatchNormalization"),
  LAYER_NORMALIZATION("LayerNormalization"),
  FLATTEN("Flatten"),
  CAST("Cast"),
  IDENTITY("Identity");

  private final String opType;

  OnnxOp(String opType) {
    this.opType = opType;
  }

  public String opType() {
    return opType;
  }
}
