package io.affectanalyzer.runtime.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import java.util.logging.Logger;

/**
 * Opens ONNX Runtime sessions with one policy for every model: the CUDA execution provider when
 * this ONNX Runtime build has it and a GPU answers, the CPU otherwise, and the choice logged.
 */
public final class OrtSessions {
  private static final Logger LOG = Logger.getLogger(OrtSessions.class.getName());

  /** How to run: provider preference and CPU thread counts (0 = ONNX Runtime's default). */
  public record Options(boolean preferCuda, int intraOpThreads, int interOpThreads) {
    public static final Options DEFAULT = new Options(true, 0, 0);

    public static Options cpu(int intraOpThreads) {
      return new Options(false, intraOpThreads, 1);
    }
  }

  /**
   * An open session and the provider that runs it ("CUDA" or "CPU"). Closing closes the session.
   */
  public record Opened(OrtSession session, String provider) implements AutoCloseable {
    @Override
    public void close() throws OrtException {
      session.close();
    }
  }

  private OrtSessions() {}

  public static OrtEnvironment environment() {
    // Warnings only: ONNX Runtime's own notes (unused initializers) would clutter the operator's
    // terminal. The first call fixes the level for the process.
    return OrtEnvironment.getEnvironment(
        OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "affect-analyzer");
  }

  /**
   * Whether this ONNX Runtime build has the CUDA execution provider (a GPU may still not answer).
   */
  public static boolean cudaAvailable() {
    return OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
  }

  /** Opens a model from its bytes (a classpath resource) or, with {@code path}, from a file. */
  public static Opened open(byte[] model, String path, String label, Options options)
      throws OrtException {
    OrtEnvironment env = environment();
    if (options.preferCuda() && cudaAvailable()) {
      try (OrtSession.SessionOptions so = sessionOptions(options)) {
        so.addCUDA(0);
        OrtSession session =
            model != null ? env.createSession(model, so) : env.createSession(path, so);
        LOG.info(() -> label + ": CUDA execution provider");
        return new Opened(session, "CUDA");
      } catch (OrtException e) {
        LOG.warning(
            label + ": CUDA execution provider unavailable (" + e.getMessage() + "), using CPU");
      }
    }
    try (OrtSession.SessionOptions so = sessionOptions(options)) {
      OrtSession session =
          model != null ? env.createSession(model, so) : env.createSession(path, so);
      LOG.info(() -> label + ": CPU execution provider");
      return new Opened(session, "CPU");
    }
  }

  private static OrtSession.SessionOptions sessionOptions(Options options) throws OrtException {
    OrtSession.SessionOptions so = new OrtSession.SessionOptions();
    so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    if (options.intraOpThreads() > 0) {
      so.setIntraOpNumThreads(options.intraOpThreads());
    }
    if (options.interOpThreads() > 0) {
      so.setInterOpNumThreads(options.interOpThreads());
    }
    return so;
  }
}
