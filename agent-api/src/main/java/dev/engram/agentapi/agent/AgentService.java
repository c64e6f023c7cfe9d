package dev.engram.agentapi.agent;

import dev.engram.agentapi.approval.Approvals;
import dev.engram.agentapi.approval.ToolApprovals;
import dev.engram.agentapi.client.MemoryClient;
import dev.engram.agentapi.secret.AgentSecrets;
import dev.engram.agentapi.tool.BaseTools;
import dev.engram.agentapi.tool.ToolRegistry;
import dev.engram.agentapi.tool.ToolView;
import dev.engram.contracts.Ids;
import dev.engram.contracts.api.BlockCreate;
import dev.engram.contracts.api.BlockView;
import dev.engram.contracts.api.CompactionSettings;
import dev.engram.contracts.api.LlmConfig;
import dev.engram.contracts.api.ToolRule;
import dev.engram.contracts.events.AgentDeleted;
import dev.engram.platform.llm.LlmProviders;
import dev.engram.platform.outbox.Outbox;
import dev.engram.platform.rest.ApiException;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Creates, reads, updates and deletes agents. Calls to memory-service stay outside database
 * transactions (a slow peer must not hold a connection and row locks), so each write is a short
 * programmatic transaction between them.
 */
@ApplicationScoped
public class AgentService {
  private static final Pattern NAME = Pattern.compile("^[\\w '\\-]+$", Pattern.UNICODE_CHARACTER_CLASS);
  private static final String DEFAULT_TIMEZONE = "UTC";

  private final AgentRepository agents;
  private final ToolRegistry tools;
  private final MemoryClient memory;
  private final LlmProviders providers;
  private final Outbox outbox;
  private final Approvals approvals;
  private final AgentSecrets secrets;

  AgentService(AgentRepository agents, ToolRegistry tools, MemoryClient memory, LlmProviders providers,
      Outbox outbox, Approvals approvals, AgentSecrets secrets) {
    this.approvals = approvals;
    this.secrets = secrets;
    this.agents = agents;
    this.tools = tools;
    this.memory = memory;
    this.providers = providers;
    this.outbox = outbox;
  }

  /** Creates an agent with its blocks (via memory-service) and tools; returns its full state. */
  public AgentState create(CreateAgentRequest req) {
    String name = req.name() == null ? AgentNames.random() : validName(req.name());
    String type = req.agentType() == null ? AgentTypes.LETTA_V1 : AgentTypes.validate(req.agentType());
    String system = req.system() == null ? AgentTypes.defaultSystem(type) : req.system();
    LlmConfig resolved = resolveModel(req.model(), req.llmConfig(), validLimit(req.contextWindowLimit()));
    LlmConfig llm = withParallelToolCalls(resolved, req.parallelToolCalls() != null ? req.parallelToolCalls()
        : req.llmConfig() == null ? null : req.llmConfig().parallelToolCalls());
    CompactionSettings compaction = CompactionSettingsRules.validate(req.compactionSettings(), "compaction_settings");
    String timezone = req.timezone() == null ? DEFAULT_TIMEZONE : validTimezone(req.timezone());
    boolean includeBase = req.includeBaseTools() == null || req.includeBaseTools();
    List<String> defaults = new ArrayList<>(includeBase ? BaseTools.defaultsFor(type) : List.of());
    if (Boolean.TRUE.equals(req.includeMultiAgentTools())) {
      defaults.addAll(BaseTools.MULTI_AGENT);
    }
    List<String> toolIds = tools.resolve(orEmpty(req.toolIds()), orEmpty(req.tools()), defaults);
    // A workflow agent starts every request afresh, so Letta forces the buffer to clear.
    boolean autoclear = AgentTypes.WORKFLOW.equals(type) || Boolean.TRUE.equals(req.messageBufferAutoclear());
    Map<String, String> env = AgentSecrets.fromRequest(req.secrets(), req.toolExecEnvironmentVariables());
    List<ToolRule> rules = orEmpty(ToolRules.validate(req.toolRules()));
    boolean baseRules = req.includeBaseToolRules() != null ? req.includeBaseToolRules()
        : ToolRules.includeBaseByDefault(type);
    if (baseRules) {
      rules = ToolRules.withBaseRules(rules, tools.names(toolIds));
    }
    rules = ToolApprovals.withDefaults(rules, toolIds.stream().map(tools::get).toList());
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    AgentRecord agent = new AgentRecord(Ids.newId(Ids.AGENT), name, type, system, req.description(), llm,
        req.embedding(), orEmpty(req.tags()), req.metadata(), timezone, autoclear, Ids.DEFAULT_USER,
        Ids.DEFAULT_USER, now, now, null, null, null, rules, compaction);

    List<BlockCreate> newBlocks = orEmpty(req.memoryBlocks());
    List<String> blockIds = orEmpty(req.blockIds());
    boolean withBlocks = !newBlocks.isEmpty() || !blockIds.isEmpty();
    List<BlockView> blocks = withBlocks ? memory.attach(agent.id(), newBlocks, blockIds) : List.of();
    try {
      QuarkusTransaction.requiringNew().run(() -> {
        agents.insert(agent);
        tools.attach(agent.id(), toolIds);
        if (env != null) {
          secrets.replace(agent.id(), env);
        }
      });
    } catch (RuntimeException e) {
      if (withBlocks) {
        detachQuietly(agent.id());
      }
      throw e;
    }
    return AgentState.of(agent, blocks, tools.forAgent(agent.id()), agent.tags())
        .withSecrets(secrets.views(agent.id()));
  }

  /** One agent with the requested relations; 404 if unknown. */
  public AgentState get(String id, Includes includes) {
    AgentRecord agent = agents.find(id).orElseThrow(AgentService::notFound);
    return state(agent, includes);
  }

  /** A page of agents with the requested relations. */
  public List<AgentState> list(AgentQuery query, Includes includes) {
    List<AgentState> out = new ArrayList<>();
    for (AgentRecord agent : agents.page(query)) {
      out.add(state(agent, includes));
    }
    return out;
  }

  /**
   * A page of the agents with these ids (as another service lists them), ordered by creation: ids of agents
   * that no longer exist are skipped, since their deletion may still be reaching that service. The records are
   * read in one query and states are built only for the page.
   */
  public List<AgentState> page(List<String> ids, Includes includes, boolean ascending,
      UnaryOperator<List<AgentRecord>> pager) {
    List<AgentRecord> records = new ArrayList<>(agents.findAll(ids));
    Comparator<AgentRecord> byCreation = Comparator.comparing(AgentRecord::createdAt).thenComparing(AgentRecord::id);
    records.sort(ascending ? byCreation : byCreation.reversed());
    List<AgentState> out = new ArrayList<>();
    for (AgentRecord agent : pager.apply(records)) {
      out.add(state(agent, includes));
    }
    return out;
  }

  /** The agent's embedding model handle (null: the server's default); 404 if the agent is unknown. */
  public String embeddingOf(String id) {
    return agents.find(id).orElseThrow(AgentService::notFound).embedding();
  }

  /** 404 unless the agent exists. */
  public void requireExists(String id) {
    if (!agents.exists(id)) {
      throw notFound();
    }
  }

  /** Applies the given fields; returns the full state. */
  public AgentState update(String id, UpdateAgentRequest req) {
    if (req.name() != null) {
      validName(req.name());
    }
    if (req.timezone() != null) {
      validTimezone(req.timezone());
    }
    Integer limit = validLimit(req.contextWindowLimit());
    AgentRecord current = agents.find(id).orElseThrow(AgentService::notFound);
    LlmConfig resolved = req.model() != null || limit != null
        ? resolveModel(req.model() != null ? req.model() : current.llmConfig().handle(), null, limit)
        : null;
    // A new model keeps the agent's parallel_tool_calls unless the request sets it.
    LlmConfig llm = resolved == null && req.parallelToolCalls() == null ? null
        : withParallelToolCalls(resolved != null ? resolved : current.llmConfig(),
            req.parallelToolCalls() != null ? req.parallelToolCalls() : current.llmConfig().parallelToolCalls());
    List<String> toolIds = req.toolIds() == null ? null : tools.resolve(req.toolIds(), List.of(), List.of());
    List<ToolRule> rules = ToolRules.validate(req.toolRules());
    CompactionSettings compaction = CompactionSettingsRules.validate(req.compactionSettings(), "compaction_settings");
    Map<String, String> env = AgentSecrets.fromRequest(req.secrets(), req.toolExecEnvironmentVariables());
    AgentRecord updated = QuarkusTransaction.requiringNew().call(() -> {
      AgentRecord a = agents.lock(id).orElseThrow(AgentService::notFound);
      AgentRecord merged = new AgentRecord(a.id(),
          req.name() != null ? req.name() : a.name(),
          a.agentType(),
          req.system() != null ? req.system() : a.system(),
          req.description() != null ? req.description() : a.description(),
          llm != null ? llm : a.llmConfig(),
          a.embedding(),
          req.tags() != null ? req.tags() : a.tags(),
          req.metadata() != null ? req.metadata() : a.metadata(),
          req.timezone() != null ? req.timezone() : a.timezone(),
          req.messageBufferAutoclear() != null ? req.messageBufferAutoclear() : a.messageBufferAutoclear(),
          a.createdById(), Ids.DEFAULT_USER, a.createdAt(), Instant.now().truncatedTo(ChronoUnit.MICROS),
          a.lastRunCompletion(), a.lastRunDurationMs(), a.lastStopReason(),
          rules != null ? rules : a.toolRules(),
          compaction != null ? compaction : a.compactionSettings());
      agents.update(merged);
      if (toolIds != null) {
        tools.attach(id, toolIds);
      }
      if (env != null) {
        secrets.replace(id, env);
      }
      return merged;
    });
    return state(updated, Includes.ALL);
  }

  /**
   * Deletes an agent. Its blocks are detached first: a failure there leaves the agent whole and the
   * delete retryable. The row delete and {@link AgentDeleted} commit together.
   */
  public void delete(String id) {
    requireExists(id);
    memory.detachAll(id);
    QuarkusTransaction.requiringNew().run(() -> {
      agents.lock(id).orElseThrow(AgentService::notFound);
      agents.delete(id);
      outbox.publish(new AgentDeleted(Ids.newId(Ids.EVENT), id, Instant.now()));
    });
  }

  private AgentState state(AgentRecord agent, Includes includes) {
    List<BlockView> blocks = includes.blocks() ? memory.blocks(agent.id()) : List.of();
    List<ToolView> attached = includes.tools() ? tools.forAgent(agent.id()) : List.of();
    AgentState state = AgentState.of(agent, blocks, attached, includes.tags() ? agent.tags() : List.of(),
        includes.pendingApproval() ? approvals.pendingRequest(agent.id()).orElse(null) : null);
    return includes.secrets() ? state.withSecrets(secrets.views(agent.id())) : state;
  }

  /** {@code llm} with Letta's {@code parallel_tool_calls} set (unchanged when {@code parallel} is null). */
  private static LlmConfig withParallelToolCalls(LlmConfig llm, Boolean parallel) {
    if (parallel == null) {
      return llm;
    }
    return new LlmConfig(llm.model(), llm.modelEndpointType(), llm.modelEndpoint(), llm.contextWindow(), llm.handle(),
        llm.providerName(), llm.providerCategory(), llm.temperature(), llm.maxTokens(), parallel);
  }

  private LlmConfig resolveModel(String model, LlmConfig legacy, Integer contextWindowLimit) {
    String handle = model;
    if (handle == null && legacy != null) {
      handle = legacy.handle() != null ? legacy.handle()
          : legacy.model() != null && legacy.modelEndpointType() != null
              ? legacy.modelEndpointType() + "/" + legacy.model() : null;
    }
    if (handle == null) {
      handle = providers.defaultHandle().orElseThrow(() -> ApiException.badRequest(
          "model is required: pass a model handle such as 'openai/gpt-4o-mini' (GET /v1/models/ lists them), "
              + "or configure a default with engram.llm.default-model"));
    }
    Integer limit = contextWindowLimit;
    if (limit == null && legacy != null && legacy.contextWindow() != null && legacy.contextWindow() > 0) {
      // A legacy llm_config carries its window; Letta keeps it (bounded here by the model's own window).
      limit = legacy.contextWindow();
    }
    try {
      return providers.resolve(handle, limit);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  private void detachQuietly(String agentId) {
    try {
      memory.detachAll(agentId);
    } catch (RuntimeException e) {
      Log.warnf("Could not detach the blocks of agent %s whose creation failed: %s", agentId, e.toString());
    }
  }

  private static String validName(String name) {
    if (!NAME.matcher(name).matches()) {
      throw ApiException.unprocessable("name: String should match pattern '^[\\w '\\-]+$'");
    }
    return name;
  }

  private static String validTimezone(String timezone) {
    try {
      ZoneId.of(timezone);
      return timezone;
    } catch (DateTimeException e) {
      throw ApiException.unprocessable("timezone: '" + timezone + "' is not a valid IANA time zone");
    }
  }

  private static Integer validLimit(Integer limit) {
    if (limit != null && limit <= 0) {
      throw ApiException.unprocessable("context_window_limit: Input should be greater than 0");
    }
    return limit;
  }

  private static ApiException notFound() {
    return ApiException.notFound("Agent not found");
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
