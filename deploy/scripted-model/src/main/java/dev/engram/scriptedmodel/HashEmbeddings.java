package dev.engram.scriptedmodel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * OpenAI-compatible {@code /v1/embeddings} with fast deterministic vectors: words and their character
 * trigrams hashed into N signed buckets and normalised, so texts sharing words (or word stems) get close
 * vectors. A model named {@code <anything>-<N>} has N dimensions, any other model 384.
 */
final class HashEmbeddings {
  static final int DEFAULT_DIMS = 384;
  private static final int MAX_DIMS = 8_192;
  private static final float TRIGRAM_WEIGHT = 0.5f;

  private final ObjectMapper json;

  HashEmbeddings(ObjectMapper json) {
    this.json = json;
  }

  /** Answers one embeddings request body. */
  byte[] answer(JsonNode request, String defaultModel) throws InvalidRequestException {
    JsonNode input = request.path("input");
    List<String> texts = new ArrayList<>();
    if (input.isTextual()) {
      texts.add(input.textValue());
    } else if (input.isArray() && !input.isEmpty()) {
      for (JsonNode t : input) {
        if (!t.isTextual()) {
          throw new InvalidRequestException("'input' must be a string or an array of strings");
        }
        texts.add(t.textValue());
      }
    } else {
      throw new InvalidRequestException("'input' is required: a string or a non-empty array of strings");
    }
    String model = request.path("model").asText(defaultModel);
    int dims = dimensions(model);
    if (request.hasNonNull("dimensions")) {
      dims = request.path("dimensions").asInt(dims);
    }
    if (dims < 1 || dims > MAX_DIMS) {
      throw new InvalidRequestException("dimensions must be within 1.." + MAX_DIMS);
    }
    boolean base64 = "base64".equals(request.path("encoding_format").asText("float"));
    ObjectNode out = json.createObjectNode();
    out.put("object", "list");
    ArrayNode data = out.putArray("data");
    long chars = 0;
    for (int i = 0; i < texts.size(); i++) {
      float[] v = embed(texts.get(i), dims);
      chars += texts.get(i).length();
      ObjectNode item = data.addObject();
      item.put("object", "embedding");
      item.put("index", i);
      if (base64) {
        ByteBuffer buf = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
          buf.putFloat(x);
        }
        item.put("embedding", Base64.getEncoder().encodeToString(buf.array()));
      } else {
        ArrayNode values = item.putArray("embedding");
        for (float x : v) {
          values.add(x);
        }
      }
    }
    out.put("model", model);
    long tokens = (chars + 3) / 4;
    out.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
    try {
      return json.writeValueAsBytes(out);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The unit vector of {@code text} in {@code dims} dimensions (all zero for a text without words). */
  static float[] embed(String text, int dims) {
    float[] v = new float[dims];
    for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (word.isEmpty()) {
        continue;
      }
      add(v, word, 1f);
      String padded = "^" + word + "$";
      for (int i = 0; i + 3 <= padded.length(); i++) {
        add(v, padded.substring(i, i + 3), TRIGRAM_WEIGHT);
      }
    }
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    if (norm > 0) {
      float inv = (float) (1 / Math.sqrt(norm));
      for (int i = 0; i < dims; i++) {
        v[i] *= inv;
      }
    }
    return v;
  }

  static int dimensions(String model) {
    int dash = model.lastIndexOf('-');
    if (dash >= 0 && dash < model.length() - 1) {
      String tail = model.substring(dash + 1);
      if (tail.length() <= 5 && tail.chars().allMatch(Character::isDigit)) {
        return Integer.parseInt(tail);
      }
    }
    return DEFAULT_DIMS;
  }

  private static void add(float[] v, String feature, float weight) {
    long h = fnv1a(feature);
    int bucket = (int) Long.remainderUnsigned(h, v.length);
    // A second, independent bit picks the sign, so unrelated features cancel out on average.
    v[bucket] += ((h >>> 63) == 0 ? weight : -weight);
  }

  private static long fnv1a(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    // Final avalanche so the sign bit depends on every byte.
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return h;
  }
}
