package dev.engram.toolexecutor.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.contracts.Json;
import dev.engram.contracts.api.ToolDefinition;
import dev.engram.contracts.api.ToolExecutionResult;
import dev.engram.toolexecutor.execution.ToolExecutor;
import dev.engram.toolexecutor.execution.ToolInvocation;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Letta's web built-ins. {@code web_search} asks Exa (Letta's provider) when an API key is configured, and otherwise
 * answers that no provider is configured; {@code fetch_webpage} fetches a page over plain HTTP(S) behind the
 * {@link UrlGuard} and returns its text. Failures are error returns the agent can read, never exceptions.
 */
@ApplicationScoped
public class WebToolsExecutor implements ToolExecutor {
  /** Search tool name. */
  public static final String WEB_SEARCH = "web_search";
  /** Fetch tool name. */
  public static final String FETCH_WEBPAGE = "fetch_webpage";

  private static final int MAX_REDIRECTS = 5;
  private static final Pattern INVISIBLE = Pattern.compile("(?is)<(script|style|noscript|template|svg)\\b.*?</\\1>");
  private static final Pattern COMMENT = Pattern.compile("(?s)<!--.*?-->");
  private static final Pattern BLOCK_END = Pattern.compile("(?i)<(br\\s*/?|/p|/div|/h[1-6]|/li|/tr|/section|/article)>");
  private static final Pattern TAG = Pattern.compile("(?s)<[^>]*>");
  private static final Pattern SPACES = Pattern.compile("[ \\t\\x0B\\f\\r]+");
  private static final Pattern BLANK_LINES = Pattern.compile("\\n\\s*\\n+");

  private final WebToolsConfig config;
  private final HttpClient http;

  WebToolsExecutor(WebToolsConfig config) {
    this.config = config;
    this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  @Override
  public boolean handles(ToolDefinition tool) {
    return (WEB_SEARCH.equals(tool.name()) || FETCH_WEBPAGE.equals(tool.name())) && BuiltinTools.isBuiltin(tool);
  }

  @Override
  public ToolExecutionResult execute(ToolInvocation invocation) {
    try {
      return WEB_SEARCH.equals(invocation.tool().name()) ? search(invocation.arguments())
          : fetch(invocation.arguments());
    } catch (IOException e) {
      return ToolExecutionResult.error("Error executing " + invocation.tool().name() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ToolExecutionResult.error(invocation.tool().name() + " was interrupted.");
    }
  }

  private ToolExecutionResult search(ObjectNode args) throws IOException, InterruptedException {
    if (config.exaApiKey().filter(k -> !k.isBlank()).isEmpty()) {
      return ToolExecutionResult.error("web_search is not available on this server: no search provider is "
          + "configured (an operator can set EXA_API_KEY for tool-executor). Answer without searching the web.");
    }
    JsonNode query = args.get("query");
    if (query == null || !query.isTextual() || query.asText().isBlank()) {
      return ToolExecutionResult.error("web_search needs a non-empty string argument 'query'.");
    }
    ObjectNode body = Json.MAPPER.createObjectNode().put("query", query.asText()).put("type", "auto")
        .put("numResults", Math.max(1, Math.min(args.path("num_results").asInt(10), 100)));
    body.putObject("contents").put("text", args.path("include_text").asBoolean(false)).put("highlights", true);
    copy(args, "category", body, "category");
    copy(args, "include_domains", body, "includeDomains");
    copy(args, "exclude_domains", body, "excludeDomains");
    copy(args, "start_published_date", body, "startPublishedDate");
    copy(args, "end_published_date", body, "endPublishedDate");
    copy(args, "user_location", body, "userLocation");
    HttpRequest request = HttpRequest.newBuilder(URI.create(config.exaUrl())).timeout(config.timeout())
        .header("x-api-key", config.exaApiKey().orElseThrow()).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      return ToolExecutionResult.error("web_search failed: the search provider answered HTTP "
          + response.statusCode() + ".");
    }
    ObjectNode answer = Json.MAPPER.createObjectNode().put("query", query.asText());
    ArrayNode results = answer.putArray("results");
    for (JsonNode r : Json.MAPPER.readTree(response.body()).path("results")) {
      ObjectNode out = results.addObject().put("title", r.path("title").asText(""))
          .put("url", r.path("url").asText(""));
      copy(r, "publishedDate", out, "published_date");
      copy(r, "author", out, "author");
      copy(r, "highlights", out, "highlights");
      copy(r, "text", out, "text");
    }
    return ToolExecutionResult.success(answer.toString());
  }

  private ToolExecutionResult fetch(ObjectNode args) throws IOException, InterruptedException {
    if (!config.fetchEnabled()) {
      return ToolExecutionResult.error("fetch_webpage is turned off on this server.");
    }
    JsonNode url = args.get("url");
    if (url == null || !url.isTextual()) {
      return ToolExecutionResult.error("fetch_webpage needs a string argument 'url'.");
    }
    String next = url.asText();
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      URI uri;
      try {
        uri = UrlGuard.check(next, config.allowPrivateAddresses());
      } catch (UrlGuard.BlockedUrlException e) {
        return ToolExecutionResult.error("fetch_webpage refused: " + e.getMessage() + ".");
      }
      HttpRequest request = HttpRequest.newBuilder(uri).timeout(config.timeout())
          .header("Accept", "text/html, text/plain;q=0.9, */*;q=0.5").GET().build();
      HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        int status = response.statusCode();
        if (status / 100 == 3 && response.headers().firstValue("location").isPresent()) {
          // Each hop is checked again: a public page must not redirect the agent into the internal network.
          next = uri.resolve(response.headers().firstValue("location").orElseThrow()).toString();
          continue;
        }
        if (status / 100 != 2) {
          return ToolExecutionResult.error("fetch_webpage failed: " + uri + " answered HTTP " + status + ".");
        }
        String raw = new String(in.readNBytes(config.maxBytes()), StandardCharsets.UTF_8);
        String type = response.headers().firstValue("content-type").orElse("");
        return ToolExecutionResult.success(type.contains("html") || raw.stripLeading().startsWith("<")
            ? textOf(raw) : raw);
      }
    }
    return ToolExecutionResult.error("fetch_webpage failed: more than " + MAX_REDIRECTS + " redirects.");
  }

  /** The readable text of an HTML page: invisible parts dropped, block ends as line breaks, tags removed. */
  static String textOf(String html) {
    String text = INVISIBLE.matcher(html).replaceAll(" ");
    text = COMMENT.matcher(text).replaceAll(" ");
    text = BLOCK_END.matcher(text).replaceAll("\n");
    text = TAG.matcher(text).replaceAll(" ");
    for (Map.Entry<String, String> entity : Map.of("&nbsp;", " ", "&lt;", "<", "&gt;", ">", "&quot;", "\"",
        "&#39;", "'").entrySet()) {
      text = text.replace(entity.getKey(), entity.getValue());
    }
    text = text.replace("&amp;", "&");
    text = SPACES.matcher(text).replaceAll(" ");
    text = text.lines().map(String::strip).reduce((a, b) -> a + "\n" + b).orElse("");
    return BLANK_LINES.matcher(text).replaceAll("\n\n").strip();
  }

  private static void copy(JsonNode from, String field, ObjectNode to, String as) {
    JsonNode value = from.get(field);
    if (value != null && !value.isNull()) {
      to.set(as, value);
    }
  }
}
