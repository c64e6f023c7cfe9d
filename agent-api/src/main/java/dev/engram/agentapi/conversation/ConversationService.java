package dev.engram.agentapi.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agentapi.agent.AgentRepository;
import dev.engram.agentapi.approval.Approvals;
import dev.engram.agentapi.client.MemoryClient;
import dev.engram.agentapi.run.ActiveRuns;
import dev.engram.agentapi.client.StepRunnerClient;
import dev.engram.contracts.Ids;
import dev.engram.contracts.Json;
import dev.engram.contracts.api.LlmConfig;
import dev.engram.platform.llm.LlmProviders;
import dev.engram.platform.rest.ApiException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Conversations of an agent besides its default one (Letta's {@code /v1/conversations}): their records here, their
 * history and context window in step-runner (asked for {@code in_context_message_ids}). Also resolves the
 * conversation a {@code /v1/conversations/{id}/…} path names, and the model its runs use.
 */
@ApplicationScoped
public class ConversationService {
  private final ConversationRepository conversations;
  private final AgentRepository agents;
  private final LlmProviders providers;
  private final StepRunnerClient stepRunner;
  private final MemoryClient memory;
  private final ActiveRuns activeRuns;
  private final Approvals approvals;

  ConversationService(ConversationRepository conversations, AgentRepository agents, LlmProviders providers,
      StepRunnerClient stepRunner, MemoryClient memory, ActiveRuns activeRuns, Approvals approvals) {
    this.memory = memory;
    this.activeRuns = activeRuns;
    this.approvals = approvals;
    this.conversations = conversations;
    this.agents = agents;
    this.providers = providers;
    this.stepRunner = stepRunner;
  }

  /** {@code POST /v1/conversations/?agent_id=}: a new conversation of the agent, from Letta's CreateConversation. */
  public ConversationView create(String agentId, JsonNode body) {
    if (agentId == null || agentId.isBlank()) {
      throw ApiException.unprocessable("agent_id: Field required");
    }
    if (!Ids.isValid(Ids.AGENT, agentId)) {
      throw ApiException.unprocessable("agent_id: " + Ids.patternMessage(Ids.AGENT));
    }
    JsonNode b = object(body);
    List<String> isolated = strings(b, "isolated_block_labels").stream().distinct().toList();
    String model = text(b, "model");
    Integer limit = positive(b, "context_window_limit");
    Map<String, Object> settings = settings(b);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    ConversationRecord record = new ConversationRecord(Ids.newId(Ids.CONVERSATION), agentId, text(b, "summary"),
        text(b, "description"), bool(b, "hidden", false), false, null, model, settings, limit, isolated,
        Ids.DEFAULT_USER, Ids.DEFAULT_USER, now, now, null);
    checkModel(record);
    QuarkusTransaction.requiringNew().run(() -> {
      agents.lock(agentId).orElseThrow(() -> ApiException.notFound("Agent not found"));
      conversations.insert(record);
    });
    if (!isolated.isEmpty()) {
      try {
        // The conversation's private copies of those blocks (memory-service: 404 for a label the agent lacks).
        memory.isolate(agentId, record.id(), isolated);
      } catch (RuntimeException e) {
        conversations.delete(record.id());
        throw e;
      }
    }
    return view(record);
  }

  /** One conversation with its context window's message ids; 404 if unknown. */
  public ConversationView get(String id) {
    return view(require(id));
  }

  /** {@code GET /v1/conversations/}: one page of the matching conversations. */
  public List<ConversationView> list(ConversationQuery query, String after, int limit) {
    if (query.agentId() != null && !agents.exists(query.agentId())) {
      throw ApiException.notFound("Agent not found");
    }
    List<ConversationRecord> ordered = conversations.list(query);
    int from = 0;
    if (after != null) {
      int at = indexOf(ordered, after);
      if (at < 0) {
        throw ApiException.notFound("Conversation '" + after + "' (the after cursor) not found");
      }
      from = at + 1;
    }
    return ordered.subList(from, Math.min(ordered.size(), from + limit)).stream().map(this::view).toList();
  }

  /** {@code PATCH /v1/conversations/{id}}: Letta's UpdateConversation; a field given as null clears it. */
  public ConversationView update(String id, JsonNode body) {
    require(id);
    JsonNode b = object(body);
    String summary = text(b, "summary");
    String description = text(b, "description");
    String model = text(b, "model");
    Integer limit = positive(b, "context_window_limit");
    Map<String, Object> settings = settings(b);
    Boolean archived = b.hasNonNull("archived") ? bool(b, "archived", false) : null;
    Instant lastMessageAt = instant(b, "last_message_at");
    ConversationRecord updated = QuarkusTransaction.requiringNew().call(() -> {
      ConversationRecord c = conversations.lock(id).orElseThrow(() -> notFound(id));
      Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
      boolean nowArchived = archived == null ? c.archived() : archived;
      ConversationRecord merged = new ConversationRecord(c.id(), c.agentId(),
          b.has("summary") ? summary : c.summary(),
          b.has("description") ? description : c.description(),
          c.hidden(), nowArchived,
          nowArchived == c.archived() ? c.archivedAt() : nowArchived ? now : null,
          b.has("model") ? model : c.model(),
          b.has("model_settings") ? settings : c.modelSettings(),
          b.has("context_window_limit") ? limit : c.contextWindowLimit(),
          c.isolatedBlockLabels(), c.createdById(), Ids.DEFAULT_USER, c.createdAt(), now,
          b.has("last_message_at") ? lastMessageAt : c.lastMessageAt());
      checkModel(merged);
      conversations.update(merged);
      return merged;
    });
    return view(updated);
  }

  /**
   * {@code DELETE /v1/conversations/{id}}: the record goes, so every later call naming it is a 404. Runs already
   * queued for it still run; step-runner keeps what it stored for the conversation (no event tells it yet).
   */
  public void delete(String id) {
    ConversationRecord c = require(id);
    // Its runs and an approval it waits for would outlive it, bound to copies and a conversation no one can reach.
    if (!activeRuns.of(c.agentId(), c.id()).isEmpty()) {
      throw ApiException.conflict("Conversation " + c.id() + " still has active runs; cancel them (POST "
          + "/v1/conversations/" + c.id() + "/cancel) or wait for them to end before deleting it.");
    }
    approvals.pendingRequest(c.agentId(), c.id()).ifPresent(request -> {
      throw ApiException.conflict("Conversation " + c.id() + " waits for an answer to approval request "
          + request.id() + "; answer it in this conversation before deleting it.");
    });
    if (!c.isolatedBlockLabels().isEmpty()) {
      memory.dropIsolated(c.agentId(), c.id());
    }
    if (!conversations.delete(c.id())) {
      throw notFound(id);
    }
  }

  /**
   * {@code POST /v1/conversations/{id}/fork}: a new conversation of the same agent that starts as a copy of this
   * one's context window, up to and including {@code messageId} when given (the default conversation forks too).
   * The record takes over the source's summary, description and model settings.
   */
  public ConversationView fork(String conversationId, String agentId, boolean hidden, String messageId) {
    ConversationTarget source = requireTarget(conversationId, agentId);
    ConversationRecord from = source.isDefault() ? null : require(source.conversationId());
    if (from != null && !from.isolatedBlockLabels().isEmpty()) {
      throw ApiException.unprocessable("Conversation " + from.id() + " has its own copies of the blocks "
          + from.isolatedBlockLabels() + "; forking such a conversation is not supported yet.");
    }
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    ConversationRecord record = new ConversationRecord(Ids.newId(Ids.CONVERSATION), source.agentId(),
        from == null ? null : from.summary(), from == null ? null : from.description(), hidden, false, null,
        from == null ? null : from.model(), from == null ? null : from.modelSettings(),
        from == null ? null : from.contextWindowLimit(), from == null ? List.of() : from.isolatedBlockLabels(),
        Ids.DEFAULT_USER, Ids.DEFAULT_USER, now, now, null);
    QuarkusTransaction.requiringNew().run(() -> {
      agents.lock(source.agentId()).orElseThrow(() -> ApiException.notFound("Agent not found"));
      conversations.insert(record);
    });
    try {
      stepRunner.fork(source.agentId(), source.stepRunnerId(), record.id(), messageId);
    } catch (RuntimeException e) {
      // Nothing was copied: the new record must not stay behind as an empty conversation.
      conversations.delete(record.id());
      throw e;
    }
    return view(record);
  }

  /** The conversation {@code id}; 422 for a malformed id, 404 if unknown. */
  public ConversationRecord require(String id) {
    return conversations.find(checkedId(id)).orElseThrow(() -> notFound(id));
  }

  /**
   * The agent and conversation a {@code /v1/conversations/{id}/…} path names: {@code default} with the agent id
   * given separately (null when not given), Letta's deprecated agent id in place of {@code default}, or a
   * {@code conv-…} id, whose agent a given {@code agentId} must be (else 400). Unknown conversation → 404.
   */
  public ConversationTarget target(String conversationId, String agentId) {
    if (ConversationTarget.DEFAULT.equals(conversationId)) {
      return ConversationTarget.defaultOf(agentId == null || agentId.isBlank() ? null : agentIdParam(agentId));
    }
    if (conversationId.startsWith(Ids.AGENT + "-")) {
      if (!Ids.isValid(Ids.AGENT, conversationId)) {
        throw ApiException.unprocessable(Ids.patternMessage(Ids.AGENT));
      }
      return ConversationTarget.defaultOf(conversationId);
    }
    ConversationRecord c = require(conversationId);
    if (agentId != null && !agentId.isBlank() && !agentId.equals(c.agentId())) {
      throw ApiException.badRequest("agent_id '" + agentId + "' does not match conversation " + c.id()
          + ", which belongs to agent " + c.agentId() + "; leave agent_id out for a conv- conversation");
    }
    return new ConversationTarget(c.agentId(), c.id());
  }

  /** As {@link #target}, but {@code default} must come with its agent id (422 otherwise). */
  public ConversationTarget requireTarget(String conversationId, String agentId) {
    ConversationTarget target = target(conversationId, agentId);
    if (target.agentId() == null) {
      throw ApiException.unprocessable("agent_id: Field required when the conversation is 'default'");
    }
    return target;
  }

  /**
   * The model a run of conversation {@code c} uses: the agent's {@code llm_config}, with the conversation's model
   * handle (and window limit) in its place when set, and its model settings' temperature, max_output_tokens and
   * parallel_tool_calls on top.
   */
  public LlmConfig llmConfig(ConversationRecord c, LlmConfig agent) {
    LlmConfig llm = agent;
    if (c.model() != null || c.contextWindowLimit() != null) {
      LlmConfig resolved = resolve(c.model() != null ? c.model() : agent.handle(), c.contextWindowLimit());
      llm = new LlmConfig(resolved.model(), resolved.modelEndpointType(), resolved.modelEndpoint(),
          resolved.contextWindow(), resolved.handle(), resolved.providerName(), resolved.providerCategory(),
          agent.temperature(), agent.maxTokens(), agent.parallelToolCalls());
    }
    Map<String, Object> s = c.modelSettings();
    if (s == null || s.isEmpty()) {
      return llm;
    }
    return new LlmConfig(llm.model(), llm.modelEndpointType(), llm.modelEndpoint(), llm.contextWindow(), llm.handle(),
        llm.providerName(), llm.providerCategory(),
        s.get("temperature") instanceof Number t ? t.doubleValue() : llm.temperature(),
        s.get("max_output_tokens") instanceof Number m ? m.intValue() : llm.maxTokens(),
        s.get("parallel_tool_calls") instanceof Boolean p ? p : llm.parallelToolCalls());
  }

  private ConversationView view(ConversationRecord c) {
    List<String> isolated = c.isolatedBlockLabels().isEmpty() ? List.of()
        : memory.isolatedBlockIds(c.agentId(), c.id());
    return ConversationView.of(c, inContext(c), isolated);
  }

  /**
   * The ids of the conversation's context window, from step-runner (empty before its first run). An unreachable
   * step-runner stays an error (503), never an empty list; a 404 from it means it does not serve conversations.
   */
  private List<String> inContext(ConversationRecord c) {
    JsonNode ids;
    try {
      ids = stepRunner.inContext(c.agentId(), c.id());
    } catch (ApiException e) {
      if (e.status() == 404) {
        throw new ApiException(502, "step-runner could not list the context window of conversation " + c.id()
            + ": " + e.getMessage());
      }
      throw e;
    }
    if (!ids.isArray()) {
      throw new ApiException(502, "step-runner answered the context window of conversation " + c.id()
          + " with something other than a list of message ids");
    }
    List<String> out = new ArrayList<>();
    ids.forEach(id -> out.add(id.asText()));
    return out;
  }

  private void checkModel(ConversationRecord c) {
    if (c.model() != null || c.contextWindowLimit() != null) {
      LlmConfig agent = agents.find(c.agentId()).orElseThrow(() -> ApiException.notFound("Agent not found"))
          .llmConfig();
      llmConfig(c, agent);
    }
  }

  private LlmConfig resolve(String handle, Integer limit) {
    try {
      return providers.resolve(handle, limit);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("model: " + e.getMessage());
    }
  }

  private static String agentIdParam(String agentId) {
    if (!Ids.isValid(Ids.AGENT, agentId)) {
      throw ApiException.unprocessable("agent_id: " + Ids.patternMessage(Ids.AGENT));
    }
    return agentId;
  }

  private static String checkedId(String id) {
    if (!Ids.isValid(Ids.CONVERSATION, id)) {
      throw ApiException.unprocessable("conversation_id: " + Ids.patternMessage(Ids.CONVERSATION));
    }
    return id;
  }

  private static int indexOf(List<ConversationRecord> ordered, String id) {
    for (int i = 0; i < ordered.size(); i++) {
      if (ordered.get(i).id().equals(id)) {
        return i;
      }
    }
    return -1;
  }

  private static ApiException notFound(String id) {
    return ApiException.notFound("Conversation '" + id + "' not found");
  }

  /** The body as an object; none at all reads as {}. */
  private static JsonNode object(JsonNode body) {
    if (body == null || body.isNull() || body.isMissingNode()) {
      return Json.MAPPER.createObjectNode();
    }
    if (!body.isObject()) {
      throw ApiException.unprocessable("body: Input should be a valid dictionary or object");
    }
    return body;
  }

  private static String text(JsonNode b, String field) {
    return typed(b, field, JsonNode::isTextual, "a valid string", JsonNode::asText);
  }

  private static boolean bool(JsonNode b, String field, boolean absent) {
    Boolean value = typed(b, field, JsonNode::isBoolean, "a valid boolean", JsonNode::asBoolean);
    return value == null ? absent : value;
  }

  private static Integer positive(JsonNode b, String field) {
    Integer value = typed(b, field, n -> n.isIntegralNumber() && n.canConvertToInt(), "a valid integer", JsonNode::asInt);
    if (value != null && value < 1) {
      throw ApiException.unprocessable(field + ": Input should be greater than 0");
    }
    return value;
  }

  private static Instant instant(JsonNode b, String field) {
    String value = typed(b, field, JsonNode::isTextual, "a valid datetime", JsonNode::asText);
    try {
      return value == null ? null : OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw ApiException.unprocessable(field + ": Input should be a valid datetime");
    }
  }

  private static List<String> strings(JsonNode b, String field) {
    JsonNode list = typed(b, field, JsonNode::isArray, "a valid list", n -> n);
    List<String> out = new ArrayList<>();
    if (list != null) {
      for (int i = 0; i < list.size(); i++) {
        if (!list.get(i).isTextual()) {
          throw ApiException.unprocessable(field + "." + i + ": Input should be a valid string");
        }
        out.add(list.get(i).asText());
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> settings(JsonNode b) {
    JsonNode node = typed(b, "model_settings", JsonNode::isObject, "a valid dictionary or object", n -> n);
    return node == null ? null : Json.MAPPER.convertValue(node, Map.class);
  }

  /** The field's value when present and not null, checked by {@code valid}; otherwise a 422 naming the field. */
  private static <T> T typed(JsonNode b, String field, Predicate<JsonNode> valid, String what,
      Function<JsonNode, T> read) {
    JsonNode node = b.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!valid.test(node)) {
      throw ApiException.unprocessable(field + ": Input should be " + what);
    }
    return read.apply(node);
  }
}
