package dev.engram.scriptedmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ScriptedModelServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String THREE_TURNS = """
      Find the weather. <<script>>[
        {"tool": "search", "args": {"q": "weather in Paris"}},
        {"tool": "fetch", "args": {"url": "https://example.com/paris"}, "text": "Reading the page."},
        {"text": "It is sunny in Paris."}
      ]<</script>>""";
  private static final String PARALLEL = """
      <<script>>[{"tools": [
        {"tool": "search", "args": {"q": "a"}},
        {"tool": "search", "args": {"q": "b"}},
        {"tool": "clock"}
      ]}]<</script>>""";

  private static ScriptedModelServer server;
  private static HttpClient client;

  @BeforeAll
  static void startServer() {
    server = ScriptedModelServer.start(ScriptedModelServer.Options.defaults());
    client = HttpClient.newHttpClient();
  }

  @AfterAll
  static void stopServer() {
    server.close();
    client.close();
  }

  @Test
  void echoesTheLastUserMessageAndIgnoresOpenAiOptions() throws Exception {
    ObjectNode request = request(false, user("first"), assistant("Echo: first", null), user("hello there"));
    request.putArray("tools").addObject().put("type", "function").putObject("function").put("name", "search");
    request.put("tool_choice", "auto");
    request.put("temperature", 0.2);
    request.put("max_tokens", 100);
    request.put("max_completion_tokens", 100);
    request.put("parallel_tool_calls", true);
    request.put("user", "u-1");
    request.putObject("response_format").put("type", "text");

    JsonNode completion = ok(request);

    assertThat(completion.path("object").asText()).isEqualTo("chat.completion");
    assertThat(completion.path("model").asText()).isEqualTo("scripted-model");
    JsonNode choice = completion.path("choices").get(0);
    assertThat(choice.path("message").path("role").asText()).isEqualTo("assistant");
    assertThat(choice.path("message").path("content").asText()).isEqualTo("Echo: hello there");
    assertThat(choice.path("message").has("tool_calls")).isFalse();
    assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
    JsonNode usage = completion.path("usage");
    // 5 + 11 + 11 prompt chars -> ceil(27 / 4); "Echo: hello there" is 17 chars -> 5 pieces.
    assertThat(usage.path("prompt_tokens").asInt()).isEqualTo(7);
    assertThat(usage.path("completion_tokens").asInt()).isEqualTo(5);
    assertThat(usage.path("total_tokens").asInt()).isEqualTo(12);
  }

  @Test
  void echoReadsContentPartsAndTruncatesLongText() throws Exception {
    ObjectNode parts = JSON.createObjectNode().put("role", "user");
    ArrayNode content = parts.putArray("content");
    content.addObject().put("type", "text").put("text", "part one");
    content.addObject().put("type", "image_url").putObject("image_url").put("url", "https://example.com/a.png");
    content.addObject().put("type", "text").put("text", "part two");

    assertThat(content(ok(request(false, parts)))).isEqualTo("Echo: part one\npart two");
    assertThat(content(ok(request(false, user("y".repeat(500))))))
        .isEqualTo("Echo: " + "y".repeat(Script.ECHO_LIMIT));
  }

  @Test
  void playsAThreeTurnScriptAsTheClientAppendsMessages() throws Exception {
    List<ObjectNode> messages = new ArrayList<>(List.of(system("You are an agent."), user(THREE_TURNS)));

    JsonNode first = message(ok(request(false, messages)));
    assertThat(first.path("content").isNull()).isTrue();
    JsonNode firstCall = first.path("tool_calls").get(0);
    assertThat(firstCall.path("id").asText()).startsWith("call_");
    assertThat(firstCall.path("type").asText()).isEqualTo("function");
    assertThat(firstCall.path("function").path("name").asText()).isEqualTo("search");
    assertThat(JSON.readTree(firstCall.path("function").path("arguments").asText()))
        .isEqualTo(JSON.readTree("{\"q\":\"weather in Paris\"}"));
    assertThat(ok(request(false, messages)).path("choices").get(0).path("finish_reason").asText())
        .isEqualTo("tool_calls");
    assertThat(message(ok(request(false, messages))).path("tool_calls").get(0).path("id").asText())
        .as("the same request gets the same tool call id")
        .isEqualTo(firstCall.path("id").asText());

    messages.add(assistant(null, first.path("tool_calls")));
    messages.add(toolResult(firstCall.path("id").asText(), "Paris weather: sunny"));
    JsonNode second = message(ok(request(false, messages)));
    assertThat(second.path("content").asText()).isEqualTo("Reading the page.");
    JsonNode secondCall = second.path("tool_calls").get(0);
    assertThat(secondCall.path("function").path("name").asText()).isEqualTo("fetch");
    assertThat(secondCall.path("id").asText()).isNotEqualTo(firstCall.path("id").asText());

    messages.add(assistant(second.path("content").asText(), second.path("tool_calls")));
    messages.add(toolResult(secondCall.path("id").asText(), "<html>sunny</html>"));
    JsonNode third = ok(request(false, messages));
    assertThat(content(third)).isEqualTo("It is sunny in Paris.");
    assertThat(third.path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");

    messages.add(assistant(content(third), null));
    assertThat(content(ok(request(false, messages)))).isEqualTo(Script.FINISHED);
  }

  @Test
  void heartbeatUserMessagesDoNotReplaceTheScriptedUserMessage() throws Exception {
    List<ObjectNode> messages = new ArrayList<>(List.of(system("You are an agent."), user(THREE_TURNS)));
    JsonNode first = message(ok(request(false, messages)));
    messages.add(assistant(null, first.path("tool_calls")));
    messages.add(toolResult(first.path("tool_calls").get(0).path("id").asText(), "sunny"));
    messages.add(user("{\"type\": \"heartbeat\", \"reason\": \"continue\", \"time\": \"now\"}"));

    JsonNode second = message(ok(request(false, messages)));

    assertThat(second.path("tool_calls").get(0).path("function").path("name").asText()).isEqualTo("fetch");
    messages.add(user("{\"type\": \"note\"}"));
    assertThat(content(ok(request(false, messages)))).as("other JSON is the user's own message")
        .isEqualTo("Echo: {\"type\": \"note\"}");
  }

  @Test
  void aScriptedTurnThatContradictsToolChoiceIsRejected() throws Exception {
    ObjectNode required = request(false, user("<<script>>[{\"text\": \"no tool\"}]<</script>>"));
    required.put("tool_choice", "required");
    HttpResponse<String> textWhenRequired = post(required);
    assertThat(textWhenRequired.statusCode()).isEqualTo(400);
    assertThat(textWhenRequired.body()).contains("tool_choice is 'required'");

    ObjectNode named = request(false, user("<<script>>[{\"tool\": \"search\"}]<</script>>"));
    named.putObject("tool_choice").put("type", "function").putObject("function").put("name", "fetch");
    HttpResponse<String> otherTool = post(named);
    assertThat(otherTool.statusCode()).isEqualTo(400);
    assertThat(otherTool.body()).contains("calls search but tool_choice names the function fetch");

    ObjectNode matching = request(false, user("<<script>>[{\"tool\": \"fetch\"}]<</script>>"));
    matching.putObject("tool_choice").put("type", "function").putObject("function").put("name", "fetch");
    assertThat(message(ok(matching)).path("tool_calls").get(0).path("function").path("name").asText())
        .isEqualTo("fetch");
    ObjectNode single = request(false, user("<<script>>[{\"tool\": \"search\"}]<</script>>"));
    single.put("tool_choice", "required");
    single.putArray("tools").addObject().put("type", "function").putObject("function").put("name", "fetch");
    assertThat(post(single).body()).as("required with one tool names it")
        .contains("calls search but tool_choice names the function fetch");
    ObjectNode echo = request(false, user("hi"));
    echo.put("tool_choice", "required");
    assertThat(content(ok(echo))).as("unscripted answers are not checked").isEqualTo("Echo: hi");
  }

  @Test
  void answersParallelToolCallsWithDistinctIds() throws Exception {
    JsonNode completion = ok(request(false, user(PARALLEL)));

    JsonNode calls = message(completion).path("tool_calls");
    assertThat(calls).hasSize(3);
    assertThat(calls.findValuesAsText("id")).doesNotHaveDuplicates().allMatch(id -> id.startsWith("call_"));
    assertThat(calls.findValuesAsText("name")).containsExactly("search", "search", "clock");
    assertThat(calls.get(1).path("function").path("arguments").asText()).isEqualTo("{\"q\":\"b\"}");
    assertThat(calls.get(2).path("function").path("arguments").asText()).isEqualTo("{}");
    assertThat(completion.path("choices").get(0).path("finish_reason").asText()).isEqualTo("tool_calls");
  }

  @Test
  void errorTurnsAnswerWithTheirStatusAndAnOpenAiErrorBody() throws Exception {
    HttpResponse<String> failure = post(request(false,
        user("<<script>>[{\"error\": 500, \"message\": \"upstream exploded\"}]<</script>>")));
    assertThat(failure.statusCode()).isEqualTo(500);
    JsonNode error = JSON.readTree(failure.body()).path("error");
    assertThat(error.path("message").asText()).isEqualTo("upstream exploded");
    assertThat(error.path("type").asText()).isEqualTo("server_error");

    HttpResponse<String> overflow = post(request(true, user(
        "<<script>>[{\"error\": 400, \"code\": \"context_length_exceeded\", \"message\": \"too long\"}]<</script>>")));
    assertThat(overflow.statusCode()).isEqualTo(400);
    assertThat(overflow.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode overflowError = JSON.readTree(overflow.body()).path("error");
    assertThat(overflowError.path("code").asText()).isEqualTo("context_length_exceeded");
    assertThat(overflowError.path("type").asText()).isEqualTo("invalid_request_error");
  }

  @Test
  void aContextLimitDirectiveFailsOnlyPromptsAboveIt() throws Exception {
    HttpResponse<String> over = post(request(false, user("x".repeat(400) + " <<context-limit:50>>")));
    assertThat(over.statusCode()).isEqualTo(400);
    JsonNode error = JSON.readTree(over.body()).path("error");
    assertThat(error.path("code").asText()).isEqualTo("context_length_exceeded");
    assertThat(error.path("message").asText()).startsWith("This model's maximum context length is 50 tokens.");

    JsonNode fits = ok(request(false, List.of(user("short <<context-limit:50>>"))));
    assertThat(fits.path("choices").get(0).path("message").path("content").asText()).isEqualTo("Echo: short");
  }

  @Test
  void streamingSendsTheSameAnswerAsWellFormedChunks() throws Exception {
    List<List<ObjectNode>> conversations = List.of(
        List.of(user("stream me please")),
        List.of(user(THREE_TURNS)),
        List.of(user(THREE_TURNS), assistant(null, JSON.readTree(
            "[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"search\",\"arguments\":\"{}\"}}]")),
            toolResult("call_1", "found")),
        List.of(user(PARALLEL)),
        List.of(user("<<script>>[{\"text\": \"caf\\u00e9 \\ud83d\\ude00 done\"}]<</script>>")));
    for (List<ObjectNode> messages : conversations) {
      JsonNode whole = ok(request(false, messages));
      ObjectNode streamRequest = request(true, messages);
      streamRequest.putObject("stream_options").put("include_usage", true);

      HttpResponse<String> response = post(streamRequest);

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
      Streamed streamed = Streamed.parse(response.body());
      JsonNode wholeMessage = message(whole);
      assertThat(streamed.content()).isEqualTo(wholeMessage.path("content").asText(""));
      assertThat(streamed.toolCalls()).isEqualTo(toolCalls(wholeMessage));
      assertThat(streamed.finishReason()).isEqualTo(whole.path("choices").get(0).path("finish_reason").asText());
      assertThat(streamed.usage()).isEqualTo(whole.path("usage"));
      assertThat(streamed.contentChunks() + streamed.argumentChunks())
          .as("one chunk per completion token")
          .isEqualTo(whole.path("usage").path("completion_tokens").asInt());
    }
  }

  @Test
  void streamingWithoutIncludeUsageSendsNoUsageChunk() throws Exception {
    HttpResponse<String> response = post(request(true, user("no usage")));

    Streamed streamed = Streamed.parse(response.body());
    assertThat(streamed.content()).isEqualTo("Echo: no usage");
    assertThat(streamed.usage()).isNull();
  }

  @Test
  void latencyDirectiveDelaysTheAnswer() throws Exception {
    long start = System.nanoTime();
    JsonNode completion = ok(request(false, user("slow please <<latency:150>>")));
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

    assertThat(elapsedMillis).isGreaterThanOrEqualTo(150);
    assertThat(content(completion)).isEqualTo("Echo: slow please");

    start = System.nanoTime();
    ok(request(false, user("<<latency:0>> <<script>>[{\"text\": \"late\", \"latency_ms\": 120}]<</script>>")));
    assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(120);
  }

  @Test
  void runtimeSettingsDelayAndPaceAnswers() throws Exception {
    try (ScriptedModelServer paced = ScriptedModelServer.start(ScriptedModelServer.Options.defaults())) {
      paced.setLatencyMillis(100);
      long start = System.nanoTime();
      send(paced, request(false, user("wait")));
      assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(100);

      paced.setLatencyMillis(0);
      paced.setTokensPerSecond(200);
      // 40 chars are 10 tokens, so at 200 tokens per second the stream lasts at least 50 ms.
      ObjectNode request = request(true, user("<<script>>[{\"text\": \"" + "abcd".repeat(10) + "\"}]<</script>>"));
      start = System.nanoTime();
      HttpResponse<String> response = send(paced, request);
      assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(50);
      assertThat(Streamed.parse(response.body()).content()).isEqualTo("abcd".repeat(10));
      assertThat(paced.requestCount()).isEqualTo(2);
    }
  }

  @Test
  void malformedRequestsGetAnInvalidRequestError() throws Exception {
    for (String body : List.of("{\"messages\": [", "not json", "{\"messages\": []}", "[1, 2]",
        "{\"messages\": [{\"role\": \"user\", \"content\": \"<<script>>[{oops}]<</script>>\"}]}",
        "{\"messages\": [{\"role\": \"user\", \"content\": \"<<script>>[{\\\"nothing\\\": 1}]<</script>>\"}]}")) {
      HttpResponse<String> response = postRaw(body);

      assertThat(response.statusCode()).as(body).isEqualTo(400);
      JsonNode error = JSON.readTree(response.body()).path("error");
      assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
      assertThat(error.path("message").asText()).isNotBlank();
    }
  }

  @Test
  void listsModelsAndReportsHealth() throws Exception {
    HttpResponse<String> models = client.send(
        HttpRequest.newBuilder(URI.create(server.baseUrl() + "/models")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(models.statusCode()).isEqualTo(200);
    JsonNode list = JSON.readTree(models.body());
    assertThat(list.path("object").asText()).isEqualTo("list");
    assertThat(list.path("data").get(0).path("id").asText()).isEqualTo("scripted-model");
    assertThat(list.path("data").get(0).path("object").asText()).isEqualTo("model");
    assertThat(list.path("data").get(0).path("owned_by").asText()).isEqualTo("engram");

    HttpResponse<String> health = client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(server.baseUrl()).isEqualTo("http://127.0.0.1:" + server.port() + "/v1");
  }

  @Test
  void parsesCommandLineOptions() {
    ScriptedModelServer.Options options = ScriptedModelServer.parseArgs(new String[] {
        "--port", "8290", "--latency-ms", "25", "--tokens-per-second=50.5", "--models", "a, b"});

    assertThat(options.port()).isEqualTo(8290);
    assertThat(options.host()).isEqualTo("127.0.0.1");
    assertThat(options.latencyMillis()).isEqualTo(25);
    assertThat(options.tokensPerSecond()).isEqualTo(50.5);
    assertThat(options.models()).containsExactly("a", "b");
    assertThatThrownBy(() -> ScriptedModelServer.parseArgs(new String[] {"--bogus", "1"}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static JsonNode ok(ObjectNode request) throws IOException, InterruptedException {
    HttpResponse<String> response = post(request);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    return JSON.readTree(response.body());
  }

  private static HttpResponse<String> post(ObjectNode request) throws IOException, InterruptedException {
    return send(server, request);
  }

  private static HttpResponse<String> postRaw(String body) throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(URI.create(server.baseUrl() + "/chat/completions"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> send(ScriptedModelServer target, ObjectNode request)
      throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(URI.create(target.baseUrl() + "/chat/completions"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static ObjectNode request(boolean stream, ObjectNode... messages) {
    return request(stream, List.of(messages));
  }

  private static ObjectNode request(boolean stream, List<ObjectNode> messages) {
    ObjectNode request = JSON.createObjectNode();
    request.put("model", "scripted-model");
    request.put("stream", stream);
    request.putArray("messages").addAll(messages);
    return request;
  }

  private static ObjectNode system(String text) {
    return JSON.createObjectNode().put("role", "system").put("content", text);
  }

  private static ObjectNode user(String text) {
    return JSON.createObjectNode().put("role", "user").put("content", text);
  }

  private static ObjectNode assistant(String text, JsonNode toolCalls) {
    ObjectNode message = JSON.createObjectNode().put("role", "assistant").put("content", text);
    if (toolCalls != null) {
      message.set("tool_calls", toolCalls);
    }
    return message;
  }

  private static ObjectNode toolResult(String callId, String text) {
    return JSON.createObjectNode().put("role", "tool").put("tool_call_id", callId).put("content", text);
  }

  private static JsonNode message(JsonNode completion) {
    return completion.path("choices").get(0).path("message");
  }

  private static String content(JsonNode completion) {
    return message(completion).path("content").asText();
  }

  private static Map<Integer, List<String>> toolCalls(JsonNode message) {
    Map<Integer, List<String>> calls = new TreeMap<>();
    JsonNode toolCalls = message.path("tool_calls");
    for (int i = 0; i < toolCalls.size(); i++) {
      JsonNode call = toolCalls.get(i);
      calls.put(i, List.of(call.path("id").asText(), call.path("function").path("name").asText(),
          call.path("function").path("arguments").asText()));
    }
    return calls;
  }

  /** An SSE stream folded back into one message, checking its framing on the way. */
  private record Streamed(
      String content,
      Map<Integer, List<String>> toolCalls,
      String finishReason,
      JsonNode usage,
      int contentChunks,
      int argumentChunks) {

    static Streamed parse(String body) throws IOException {
      assertThat(body).endsWith("data: [DONE]\n\n");
      String[] events = body.split("\n\n");
      StringBuilder content = new StringBuilder();
      Map<Integer, String[]> calls = new TreeMap<>();
      String finishReason = null;
      JsonNode usage = null;
      int contentChunks = 0;
      int argumentChunks = 0;
      for (int e = 0; e < events.length - 1; e++) {
        assertThat(events[e]).startsWith("data: ").doesNotContain("\n");
        JsonNode chunk = JSON.readTree(events[e].substring("data: ".length()));
        assertThat(chunk.path("object").asText()).isEqualTo("chat.completion.chunk");
        assertThat(chunk.path("id").asText()).startsWith("chatcmpl-");
        if (chunk.hasNonNull("usage")) {
          assertThat(chunk.path("choices")).isEmpty();
          usage = chunk.get("usage");
          continue;
        }
        assertThat(finishReason).as("no chunk after the finish chunk").isNull();
        JsonNode choice = chunk.path("choices").get(0);
        JsonNode delta = choice.path("delta");
        if (e == 0) {
          assertThat(delta.path("role").asText()).isEqualTo("assistant");
        }
        String piece = delta.path("content").asText("");
        if (!piece.isEmpty()) {
          content.append(piece);
          contentChunks++;
        }
        for (JsonNode call : delta.path("tool_calls")) {
          String[] parts = calls.computeIfAbsent(call.path("index").asInt(), i -> new String[] {null, null, ""});
          if (call.has("id")) {
            assertThat(parts[0]).as("id is sent once").isNull();
            parts[0] = call.path("id").asText();
            parts[1] = call.path("function").path("name").asText();
          }
          String fragment = call.path("function").path("arguments").asText("");
          if (!fragment.isEmpty()) {
            parts[2] += fragment;
            argumentChunks++;
          }
        }
        if (!choice.path("finish_reason").isNull()) {
          finishReason = choice.path("finish_reason").asText();
        }
      }
      assertThat(events[events.length - 1]).isEqualTo("data: [DONE]");
      Map<Integer, List<String>> toolCalls = new TreeMap<>();
      calls.forEach((index, parts) -> toolCalls.put(index, List.of(parts)));
      return new Streamed(content.toString(), toolCalls, finishReason, usage, contentChunks, argumentChunks);
    }
  }
}
