package dev.engram.toolexecutor.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.contracts.Ids;
import dev.engram.contracts.Json;
import dev.engram.contracts.api.ToolDefinition;
import dev.engram.contracts.api.ToolExecutionResult;
import dev.engram.toolexecutor.execution.ToolExecutor;
import dev.engram.toolexecutor.execution.ToolInvocation;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Letta's multi-agent built-ins. Messages go through agent-api's public API as real user messages (so they queue,
 * run and are recorded like any other), each with an otid derived from the calling tool call: a call that runs
 * again after a crash re-sends the same message, which agent-api answers with the existing run instead of a second
 * one. An agent cannot message itself, and a wait that would close a cycle of agents waiting on each other (which
 * would deadlock, as each agent's messages queue behind its running turn) is refused — for cycles whose calls run in
 * this process; across tool-executor instances only the wait limit ends them.
 */
@ApplicationScoped
public class MultiAgentExecutor implements ToolExecutor {
  /** Send and wait for the reply. */
  public static final String SEND_AND_WAIT = "send_message_to_agent_and_wait_for_reply";
  /** Send without waiting. */
  public static final String SEND_ASYNC = "send_message_to_agent_async";
  /** Send to every agent matching tags and collect the replies. */
  public static final String SEND_TO_TAGGED = "send_message_to_agents_matching_tags";

  private static final int MAX_TAGGED = 50;

  private final String agentApi;
  private final Duration replyTimeout;
  private final HttpClient http;
  /** Which agent each agent is waiting on, for the calls running in this process. */
  private final Map<String, String> waitingOn = new ConcurrentHashMap<>();

  MultiAgentExecutor(@ConfigProperty(name = "quarkus.rest-client.agent-api.url") String agentApi,
      @ConfigProperty(name = "engram.tool-executor.multi-agent.reply-timeout", defaultValue = "4m")
      Duration replyTimeout) {
    this.agentApi = agentApi.endsWith("/") ? agentApi.substring(0, agentApi.length() - 1) : agentApi;
    this.replyTimeout = replyTimeout;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  @Override
  public boolean handles(ToolDefinition tool) {
    return BuiltinTools.isMultiAgent(tool)
        && (SEND_AND_WAIT.equals(tool.name()) || SEND_ASYNC.equals(tool.name()) || SEND_TO_TAGGED.equals(tool.name()));
  }

  @Override
  public ToolExecutionResult execute(ToolInvocation invocation) {
    ObjectNode args = invocation.arguments();
    JsonNode message = args.get("message");
    if (message == null || !message.isTextual() || message.asText().isBlank()) {
      return ToolExecutionResult.error(invocation.tool().name() + " needs a non-empty string argument 'message'.");
    }
    try {
      return switch (invocation.tool().name()) {
        case SEND_TO_TAGGED -> sendToTagged(invocation, message.asText(), args);
        default -> sendToOne(invocation, message.asText(), args.path("other_agent_id").asText(""),
            SEND_AND_WAIT.equals(invocation.tool().name()));
      };
    } catch (java.net.http.HttpTimeoutException e) {
      return ToolExecutionResult.error(invocation.tool().name() + " failed: no reply within " + replyTimeout
          .toSeconds() + " s. The message was delivered and may still be answered later.");
    } catch (IOException e) {
      return ToolExecutionResult.error(invocation.tool().name() + " failed: agent-api could not be reached ("
          + e.getMessage() + ").");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ToolExecutionResult.error(invocation.tool().name() + " was interrupted.");
    }
  }

  private ToolExecutionResult sendToOne(ToolInvocation invocation, String message, String target, boolean wait)
      throws IOException, InterruptedException {
    String sender = invocation.agentId();
    if (!Ids.isValid(Ids.AGENT, target)) {
      return ToolExecutionResult.error("other_agent_id must be an agent id like 'agent-<uuid>', got '" + target
          + "'.");
    }
    if (target.equals(sender)) {
      return ToolExecutionResult.error("An agent cannot send a message to itself.");
    }
    if (!wait) {
      // Sent in the background, since agent-api answers a send when the turn is over; the otid makes a re-send
      // after a crash harmless, but a crash before the request left loses the message (docs/security.md).
      String otid = otid(invocation, target);
      Thread.ofVirtual().start(() -> {
        try {
          Sent sent = send(sender, target, message, false, otid);
          if (sent.status() != 200) {
            Log.warnf("Async message from %s to %s was refused: HTTP %d %s", sender, target, sent.status(),
                sent.body());
          }
        } catch (IOException | InterruptedException e) {
          Log.warnf("Async message from %s to %s was not delivered: %s", sender, target, e.toString());
        }
      });
      return ToolExecutionResult.success("Your message was sent to agent " + target + ". You will not get its "
          + "reply here; it can answer you with a message of its own.");
    }
    String blocker = cycle(sender, target);
    if (blocker != null) {
      return ToolExecutionResult.error("Not sent: agent " + target + " is itself waiting for a reply from "
          + blocker + ", so waiting for it would never end. Use send_message_to_agent_async instead.");
    }
    if (sender != null) {
      waitingOn.put(sender, target);
    }
    try {
      Sent sent = send(sender, target, message, true, otid(invocation, target));
      if (sent.status() != 200) {
        return ToolExecutionResult.error("Agent " + target + " could not be messaged: " + detail(sent));
      }
      return ToolExecutionResult.success(replyText(Json.MAPPER.readTree(sent.body())));
    } finally {
      if (sender != null) {
        waitingOn.remove(sender, target);
      }
    }
  }

  private ToolExecutionResult sendToTagged(ToolInvocation invocation, String message, ObjectNode args)
      throws IOException, InterruptedException {
    List<String> all = strings(args.get("match_all"));
    List<String> some = strings(args.get("match_some"));
    if (all.isEmpty() && some.isEmpty()) {
      return ToolExecutionResult.error("Give at least one tag in match_all or match_some.");
    }
    Set<String> targets = new LinkedHashSet<>(agentsWithTags(all, true));
    if (!some.isEmpty()) {
      Set<String> anyOf = new LinkedHashSet<>(agentsWithTags(some, false));
      if (all.isEmpty()) {
        targets = anyOf;
      } else {
        targets.retainAll(anyOf);
      }
    }
    targets.remove(invocation.agentId());
    if (targets.isEmpty()) {
      return ToolExecutionResult.success("[]");
    }
    List<Future<ToolExecutionResult>> replies = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (String target : targets) {
        replies.add(pool.submit(() -> sendToOne(invocation, message, target, true)));
      }
    }
    ArrayNode out = Json.MAPPER.createArrayNode();
    int i = 0;
    for (String target : targets) {
      try {
        ToolExecutionResult r = replies.get(i++).get();
        out.add(target + (r.ok() ? " replied: " : " failed: ") + r.toolReturn());
      } catch (ExecutionException e) {
        out.add(target + " failed: " + e.getCause());
      }
    }
    return ToolExecutionResult.success(out.toString());
  }

  /** The agent, if any, that {@code target} is (transitively) waiting on which would close a cycle to sender. */
  private String cycle(String sender, String target) {
    String current = target;
    for (int hops = 0; hops < 100 && current != null; hops++) {
      String next = waitingOn.get(current);
      if (next != null && next.equals(sender)) {
        return current.equals(target) ? sender : current;
      }
      current = next;
    }
    return null;
  }

  private record Sent(int status, String body) {
  }

  private Sent send(String sender, String target, String message, boolean waiting, String otid)
      throws IOException, InterruptedException {
    ObjectNode body = Json.MAPPER.createObjectNode();
    ObjectNode m = body.putArray("messages").addObject().put("role", "user").put("otid", otid)
        .put("content", wording(sender, message, waiting));
    if (sender != null) {
      m.put("sender_id", sender);
    }
    HttpRequest request = HttpRequest.newBuilder(URI.create(agentApi + "/v1/agents/" + target + "/messages"))
        .timeout(replyTimeout).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    return new Sent(response.statusCode(), response.body());
  }

  /** What the receiving agent reads: who wrote, whether it waits, then the message. */
  static String wording(String sender, String message, boolean waiting) {
    String from = sender == null ? "another agent" : "agent " + sender;
    return waiting
        ? "[Message from " + from + ", which is waiting for your reply] " + message
        : "[Message from " + from + "; it is not waiting for a reply] " + message;
  }

  private List<String> agentsWithTags(List<String> tags, boolean matchAll) throws IOException, InterruptedException {
    StringBuilder query = new StringBuilder("?limit=" + MAX_TAGGED + "&match_all_tags=" + matchAll);
    for (String tag : tags) {
      query.append("&tags=").append(URLEncoder.encode(tag, StandardCharsets.UTF_8));
    }
    HttpRequest request = HttpRequest.newBuilder(URI.create(agentApi + "/v1/agents/" + query))
        .timeout(Duration.ofSeconds(30)).GET().build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("listing agents by tags answered HTTP " + response.statusCode());
    }
    List<String> ids = new ArrayList<>();
    Json.MAPPER.readTree(response.body()).forEach(a -> ids.add(a.path("id").asText()));
    return ids;
  }

  /** The other agent's answer: the text of its assistant messages. */
  private static String replyText(JsonNode response) {
    List<String> texts = new ArrayList<>();
    for (JsonNode m : response.path("messages")) {
      if ("assistant_message".equals(m.path("message_type").asText())) {
        JsonNode content = m.path("content");
        if (content.isTextual()) {
          texts.add(content.asText());
        } else {
          StringBuilder text = new StringBuilder();
          content.forEach(part -> text.append(part.path("text").asText("")));
          texts.add(text.toString());
        }
      }
    }
    return texts.isEmpty() ? "(the agent answered without a message)" : String.join("\n", texts);
  }

  private static String detail(Sent sent) {
    try {
      JsonNode detail = Json.MAPPER.readTree(sent.body()).path("detail");
      return detail.isMissingNode() ? "HTTP " + sent.status() : detail.toString();
    } catch (IOException e) {
      return "HTTP " + sent.status();
    }
  }

  private static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node != null && node.isArray()) {
      node.forEach(n -> out.add(n.asText()));
    }
    return out;
  }

  /** The same otid every time this tool call sends to this agent, so a re-run after a crash is not a new message. */
  private static String otid(ToolInvocation invocation, String target) {
    if (invocation.toolCallId() == null) {
      return "otid-" + UUID.randomUUID();
    }
    String key = invocation.agentId() + "/" + invocation.runId() + "/" + invocation.toolCallId() + "/" + target;
    return "otid-" + UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
  }
}
