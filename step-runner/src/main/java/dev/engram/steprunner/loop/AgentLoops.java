package dev.engram.steprunner.loop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.contracts.Json;
import dev.engram.contracts.api.AgentSnapshot;
import dev.engram.contracts.api.ToolDefinition;
import dev.engram.platform.llm.LlmRequest;
import dev.engram.platform.llm.LlmTool;
import dev.engram.steprunner.context.PromptMessages;
import dev.engram.steprunner.rules.ToolRuleSolver;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What differs between Letta's two loops. {@code letta_v1_agent} and {@code sleeptime_agent} run the v3
 * loop (a text answer ends the turn, a tool call continues it); every other type runs the legacy
 * heartbeat loop, where each non-terminal tool takes a required {@code request_heartbeat} flag and the
 * loop goes on only when the model asks for it (or a rule or a failure demands it).
 */
public final class AgentLoops {
  /** The flag legacy agents set to keep the loop going. */
  public static final String REQUEST_HEARTBEAT = "request_heartbeat";
  /** Letta's reply tool of legacy agents; its {@code message} is what the user sees. */
  public static final String SEND_MESSAGE = "send_message";
  /** What send_message returns to the agent (Letta's wording: clients match on it). */
  public static final String SENT = "Sent message successfully.";
  /** Marks injected messages as not coming from the user (Letta's prefix). */
  static final String HIDDEN = "[This is an automated system message hidden from the user] ";

  private static final String HEARTBEAT_DESCRIPTION = "Set to true to get control back after this call, so you "
      + "can call another tool or reply; false ends your turn once the call is done.";
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd hh:mm:ss a zZ", Locale.US);

  /** Whether the agent type runs the legacy heartbeat loop. */
  public static boolean isLegacy(String agentType) {
    return !"letta_v1_agent".equals(agentType) && !"sleeptime_agent".equals(agentType);
  }

  /** The tools a step offers, whether a call is forced (and which), and whether calls may run in parallel. */
  public record Offer(List<LlmTool> tools, String toolChoice, boolean parallel) {
  }

  /**
   * The offer of the next step: the solver's allowed tools (legacy agents get the heartbeat flag on every
   * non-terminal one), a forced choice when the solver demands a call (named when one tool is allowed;
   * legacy agents must always call a tool, as in Letta), and parallel calls only without rules.
   */
  public static Offer offer(AgentSnapshot agent, ToolRuleSolver solver) {
    List<String> names = agent.tools().stream().map(ToolDefinition::name).toList();
    List<String> allowed = solver.allowed(names);
    boolean legacy = isLegacy(agent.agentType());
    List<LlmTool> tools = new ArrayList<>();
    for (ToolDefinition t : agent.tools()) {
      if (allowed.contains(t.name())) {
        LlmTool tool = PromptMessages.toLlmTool(t);
        tools.add(legacy && !solver.isTerminal(t.name()) ? withHeartbeat(tool) : tool);
      }
    }
    String choice = null;
    if (!tools.isEmpty() && (legacy || solver.forcesToolCall())) {
      choice = tools.size() == 1 && solver.forcesToolCall() ? tools.getFirst().name() : LlmRequest.REQUIRED;
    }
    boolean parallel = !legacy && !solver.constrains() && Boolean.TRUE.equals(agent.llmConfig().parallelToolCalls());
    return new Offer(tools, choice, parallel);
  }

  /** The tool with a required boolean {@code request_heartbeat} parameter added. */
  static LlmTool withHeartbeat(LlmTool tool) {
    Map<String, Object> params = new LinkedHashMap<>(tool.parameters());
    params.putIfAbsent("type", "object");
    Map<String, Object> properties = params.get("properties") instanceof Map<?, ?> p
        ? new LinkedHashMap<>(castMap(p)) : new LinkedHashMap<>();
    properties.put(REQUEST_HEARTBEAT, Map.of("type", "boolean", "description", HEARTBEAT_DESCRIPTION));
    params.put("properties", properties);
    List<Object> required = params.get("required") instanceof List<?> r ? new ArrayList<>(r) : new ArrayList<>();
    if (!required.contains(REQUEST_HEARTBEAT)) {
      required.add(REQUEST_HEARTBEAT);
    }
    params.put("required", required);
    return new LlmTool(tool.name(), tool.description(), params);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Map<?, ?> map) {
    return (Map<String, Object>) map;
  }

  /** Whether the call's arguments set {@code request_heartbeat} to true (a boolean or the string "true"). */
  public static boolean requestsHeartbeat(String arguments) {
    JsonNode flag = parse(arguments).path(REQUEST_HEARTBEAT);
    return flag.asBoolean(false) || "true".equalsIgnoreCase(flag.asText());
  }

  /** The arguments without {@code request_heartbeat} (unchanged when they are not a JSON object). */
  public static String withoutHeartbeat(String arguments) {
    JsonNode node = parse(arguments);
    if (!(node instanceof ObjectNode object) || !object.has(REQUEST_HEARTBEAT)) {
      return arguments;
    }
    object.remove(REQUEST_HEARTBEAT);
    return object.toString();
  }

  /** The {@code message} argument of a send_message call, or null when it has none. */
  public static String sendMessageText(String arguments) {
    JsonNode message = parse(arguments).get("message");
    return message == null || message.isNull() ? null : message.isTextual() ? message.asText() : message.toString();
  }

  private static JsonNode parse(String arguments) {
    try {
      JsonNode node = arguments == null || arguments.isBlank() ? null : Json.MAPPER.readTree(arguments);
      return node == null ? Json.MAPPER.createObjectNode() : node;
    } catch (java.io.IOException e) {
      return Json.MAPPER.createObjectNode();
    }
  }

  /**
   * The user-role message that hands control back to the model: Letta's heartbeat JSON with a reason and
   * the time in the agent's timezone.
   */
  public static String heartbeat(String reason, String timezone, Instant now) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "heartbeat");
    body.put("reason", HIDDEN + reason);
    body.put("time", TIME.format(now.atZone(zone(timezone))));
    return Json.write(body);
  }

  private static ZoneId zone(String timezone) {
    try {
      return timezone == null ? ZoneId.of("UTC") : ZoneId.of(timezone);
    } catch (RuntimeException e) {
      return ZoneId.of("UTC");
    }
  }

  private AgentLoops() {
  }
}
