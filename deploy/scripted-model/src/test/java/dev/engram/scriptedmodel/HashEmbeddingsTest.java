package dev.engram.scriptedmodel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class HashEmbeddingsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void servesOpenAiShapedEmbeddingsWithUsage() throws Exception {
    try (ScriptedModelServer server = ScriptedModelServer.start(); HttpClient client = HttpClient.newHttpClient()) {
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/embeddings"))
          .POST(HttpRequest.BodyPublishers.ofString(
              "{\"model\":\"hash-embedding-64\",\"input\":[\"red apples\",\"green pears\"]}"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      JsonNode body = JSON.readTree(response.body());
      assertThat(body.path("object").asText()).isEqualTo("list");
      assertThat(body.path("model").asText()).isEqualTo("hash-embedding-64");
      assertThat(body.path("data")).hasSize(2);
      assertThat(body.path("data").get(1).path("index").asInt()).isEqualTo(1);
      assertThat(body.path("data").get(0).path("embedding")).hasSize(64);
      // "red apples" + "green pears" = 21 chars -> ceil(21 / 4) tokens.
      assertThat(body.path("usage").path("prompt_tokens").asInt()).isEqualTo(6);
      assertThat(body.path("usage").path("total_tokens").asInt()).isEqualTo(6);

      HttpResponse<String> bad = client.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/embeddings"))
          .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m\"}")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(bad.statusCode()).isEqualTo(400);
    }
  }

  @Test
  void vectorsAreDeterministicUnitLengthAndCloseForSharedWords() {
    float[] a = HashEmbeddings.embed("The invoice for order 77812 was paid", 384);
    float[] b = HashEmbeddings.embed("order 77812 invoice paid yesterday", 384);
    float[] c = HashEmbeddings.embed("Bananas grow in tropical climates", 384);
    assertThat(HashEmbeddings.embed("The invoice for order 77812 was paid", 384)).containsExactly(a);
    assertThat(dot(a, a)).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-5f));
    assertThat(dot(a, b)).isGreaterThan(0.5f).isGreaterThan(dot(a, c) + 0.3f);
    assertThat(HashEmbeddings.dimensions("hash-embedding-128")).isEqualTo(128);
    assertThat(HashEmbeddings.dimensions("whatever")).isEqualTo(384);
  }

  private static float dot(float[] x, float[] y) {
    float s = 0;
    for (int i = 0; i < x.length; i++) {
      s += x[i] * y[i];
    }
    return s;
  }
}
