package dev.engram.memory.embedding;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.io.IOException;
import java.io.InputStream;

/**
 * all-MiniLM-L6-v2 (the model and tokenizer langchain4j ships) in an ONNX Runtime session with one intra-op thread
 * that does not spin-wait, texts embedded one after another on the calling thread. ONNX Runtime's default session
 * runs a thread per core that keeps spinning after each inference; for short texts on a small machine that burnt
 * more CPU than the inference itself, taken from the services answering requests.
 */
final class SingleThreadMiniLm extends AbstractInProcessEmbeddingModel {
  private static final String MODEL = "/all-minilm-l6-v2.onnx";
  private static final String TOKENIZER = "/all-minilm-l6-v2-tokenizer.json";
  private static final int DIMENSION = 384;

  private final OnnxBertBiEncoder encoder;

  SingleThreadMiniLm() {
    super(Runnable::run);
    try {
      OrtEnvironment environment = OrtEnvironment.getEnvironment();
      OrtSession.SessionOptions options = new OrtSession.SessionOptions();
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      options.addConfigEntry("session.intra_op.allow_spinning", "0");
      options.addConfigEntry("session.inter_op.allow_spinning", "0");
      OrtSession session = environment.createSession(resource(MODEL), options);
      try (InputStream tokenizer = AllMiniLmL6V2EmbeddingModel.class.getResourceAsStream(TOKENIZER)) {
        if (tokenizer == null) {
          throw new IllegalStateException("The tokenizer " + TOKENIZER + " is not on the class path");
        }
        encoder = new OnnxBertBiEncoder(environment, session, tokenizer, PoolingMode.MEAN);
      }
    } catch (OrtException | IOException e) {
      throw new IllegalStateException("Could not load all-MiniLM-L6-v2: " + e.getMessage(), e);
    }
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = AllMiniLmL6V2EmbeddingModel.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("The model " + name + " is not on the class path");
      }
      return in.readAllBytes();
    }
  }

  @Override
  protected OnnxBertBiEncoder model() {
    return encoder;
  }

  @Override
  protected Integer knownDimension() {
    return DIMENSION;
  }
}
