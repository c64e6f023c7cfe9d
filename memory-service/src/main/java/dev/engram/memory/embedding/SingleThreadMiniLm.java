package dev.engram.memory.embedding;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * all-MiniLM-L6-v2 (the model and tokenizer langchain4j ships) in an ONNX Runtime session with one intra-op thread
 * that does not spin-wait, run on the calling thread. ONNX Runtime's default session
 * runs a thread per core that keeps spinning after each inference; for short texts on a small machine that burnt
 * more CPU than the inference itself, taken from the services answering requests.
 *
 * <p>{@link #embedBatch} runs many texts in one inference (padded to the longest, mean-pooled over each text's own
 * tokens): for the short texts of chat messages the fixed cost of an inference dominates, so one call for a batch
 * costs a fraction of one call per text. Texts longer than the model's 512 tokens go through langchain4j's encoder,
 * which splits them and averages the parts.
 */
final class SingleThreadMiniLm extends AbstractInProcessEmbeddingModel {
  private static final String MODEL = "/all-minilm-l6-v2.onnx";
  private static final String TOKENIZER = "/all-minilm-l6-v2-tokenizer.json";
  private static final int DIMENSION = 384;

  /** Tokens the model reads at most, [CLS] and [SEP] included. */
  private static final int MAX_TOKENS = 512;

  private final OnnxBertBiEncoder encoder;
  private final OrtEnvironment environment;
  private final OrtSession session;
  private final HuggingFaceTokenizer tokenizer;
  private final boolean typeIds;

  SingleThreadMiniLm() {
    super(Runnable::run);
    try {
      OrtEnvironment environment = OrtEnvironment.getEnvironment();
      OrtSession.SessionOptions options = new OrtSession.SessionOptions();
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      options.addConfigEntry("session.intra_op.allow_spinning", "0");
      options.addConfigEntry("session.inter_op.allow_spinning", "0");
      this.environment = environment;
      this.session = environment.createSession(resource(MODEL), options);
      this.typeIds = session.getInputNames().contains("token_type_ids");
      encoder = new OnnxBertBiEncoder(environment, session, new ByteArrayInputStream(resource(TOKENIZER)),
          PoolingMode.MEAN);
      // The settings langchain4j's encoder uses: no padding by the tokenizer (the batch pads itself).
      tokenizer = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(resource(TOKENIZER)),
          Map.of("padding", "false"));
    } catch (OrtException | IOException e) {
      throw new IllegalStateException("Could not load all-MiniLM-L6-v2: " + e.getMessage(), e);
    }
  }

  /**
   * Unit-length vectors of {@code texts}, in order. The texts that fit the model are sorted by length and run
   * {@code maxRows} at a time, so a long text pads only its neighbours in length, not every short one.
   */
  List<float[]> embedBatch(List<String> texts, int maxRows) {
    float[][] out = new float[texts.size()][];
    List<Integer> fitting = new ArrayList<>();
    long[][] ids = new long[texts.size()][];
    for (int i = 0; i < texts.size(); i++) {
      String text = texts.get(i).isBlank() ? " " : texts.get(i);
      ids[i] = tokenizer.encode(text, true, false).getIds();
      if (ids[i].length > MAX_TOKENS) {
        out[i] = Vectors.normalized(embed(text).content().vector());
      } else {
        fitting.add(i);
      }
    }
    fitting.sort(Comparator.comparingInt(i -> ids[i].length));
    for (int from = 0; from < fitting.size(); from += maxRows) {
      List<Integer> rows = fitting.subList(from, Math.min(fitting.size(), from + maxRows));
      float[][] vectors = infer(rows.stream().map(i -> ids[i]).toList());
      for (int k = 0; k < rows.size(); k++) {
        out[rows.get(k)] = vectors[k];
      }
    }
    return List.of(out);
  }

  private float[][] infer(List<long[]> ids) {
    int rows = ids.size();
    int length = ids.stream().mapToInt(a -> a.length).max().orElse(0);
    long[] inputIds = new long[rows * length];
    long[] mask = new long[rows * length];
    for (int r = 0; r < rows; r++) {
      long[] row = ids.get(r);
      System.arraycopy(row, 0, inputIds, r * length, row.length);
      Arrays.fill(mask, r * length, r * length + row.length, 1L);
    }
    long[] shape = {rows, length};
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try {
      inputs.put("input_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(inputIds), shape));
      inputs.put("attention_mask", OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape));
      if (typeIds) {
        inputs.put("token_type_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(new long[rows * length]),
            shape));
      }
      try (OrtSession.Result result = session.run(inputs)) {
        float[][][] hidden = (float[][][]) result.get(0).getValue();
        float[][] vectors = new float[rows][];
        for (int r = 0; r < rows; r++) {
          vectors[r] = Vectors.normalized(meanOfTokens(hidden[r], ids.get(r).length));
        }
        return vectors;
      }
    } catch (OrtException e) {
      throw new IllegalStateException("all-MiniLM-L6-v2 inference failed: " + e.getMessage(), e);
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }

  /** The mean of the first {@code tokens} token vectors (the text's own; the rest is padding). */
  private static float[] meanOfTokens(float[][] hidden, int tokens) {
    float[] mean = new float[hidden[0].length];
    for (int t = 0; t < tokens; t++) {
      float[] v = hidden[t];
      for (int d = 0; d < mean.length; d++) {
        mean[d] += v[d];
      }
    }
    for (int d = 0; d < mean.length; d++) {
      mean[d] /= tokens;
    }
    return mean;
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = AllMiniLmL6V2EmbeddingModel.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is not on the class path");
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
