package dev.engram.agentapi.tool;

import dev.engram.platform.rest.ApiException;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The tool registry: seeds the base tools at startup and resolves tools by name or id for agents. */
@ApplicationScoped
public class ToolRegistry {
  private final ToolRepository tools;

  ToolRegistry(ToolRepository tools) {
    this.tools = tools;
  }

  void seed(@Observes StartupEvent ignored) {
    seedBaseTools();
  }

  /** Inserts the built-in tools or refreshes their definitions ({@code POST /v1/tools/add-base-tools} too). */
  @Transactional
  public void seedBaseTools() {
    Instant now = Instant.now();
    for (BaseTool tool : BaseTools.ALL) {
      tools.upsertBase(tool, now);
    }
  }

  /** One tool; 404 if unknown. */
  public ToolView get(String id) {
    return tools.find(id).orElseThrow(() -> ApiException.notFound("Tool not found"));
  }

  /** A page of tools. */
  public List<ToolView> list(ToolQuery query) {
    return tools.page(query);
  }

  /**
   * The ids of the tools an agent gets: {@code toolIds}, then {@code names}, then {@code defaults},
   * without duplicates. Unknown names or ids are a 400, as in Letta.
   */
  public List<String> resolve(List<String> toolIds, List<String> names, List<String> defaults) {
    Set<String> ids = new LinkedHashSet<>();
    if (!toolIds.isEmpty()) {
      Map<String, ToolView> found = tools.byIds(toolIds).stream()
          .collect(Collectors.toMap(ToolView::id, Function.identity()));
      List<String> missing = toolIds.stream().filter(id -> !found.containsKey(id)).distinct().toList();
      if (!missing.isEmpty()) {
        throw ApiException.badRequest("Tools not found by id: " + pythonSet(missing));
      }
      ids.addAll(toolIds);
    }
    List<String> wanted = new ArrayList<>(names);
    wanted.addAll(defaults);
    if (!wanted.isEmpty()) {
      Map<String, String> byName = tools.byNames(wanted).stream()
          .collect(Collectors.toMap(ToolView::name, ToolView::id));
      List<String> missing = names.stream().filter(n -> !byName.containsKey(n)).distinct().toList();
      if (!missing.isEmpty()) {
        throw ApiException.badRequest("Tools not found by name: " + pythonSet(missing));
      }
      for (String name : wanted) {
        String id = byName.get(name);
        if (id != null) {
          ids.add(id);
        }
      }
    }
    return List.copyOf(ids);
  }

  /** The names of tools by id, in the order of {@code toolIds} (unknown ids are skipped). */
  public List<String> names(List<String> toolIds) {
    if (toolIds.isEmpty()) {
      return List.of();
    }
    Map<String, String> byId = tools.byIds(toolIds).stream().collect(Collectors.toMap(ToolView::id, ToolView::name));
    return toolIds.stream().map(byId::get).filter(java.util.Objects::nonNull).toList();
  }

  /** The tools attached to an agent, in order. */
  public List<ToolView> forAgent(String agentId) {
    return tools.forAgent(agentId);
  }

  /** Attaches one tool to an agent, after its other tools; 404 if the tool is unknown. */
  public void attachOne(String agentId, String toolId) {
    get(toolId);
    tools.attachOne(agentId, toolId);
  }

  /** Detaches one tool from an agent. */
  public void detachOne(String agentId, String toolId) {
    tools.detachOne(agentId, toolId);
  }

  /** Replaces an agent's tools. */
  public void attach(String agentId, List<String> toolIds) {
    tools.attach(agentId, toolIds);
  }

  /** Letta prints the missing names as a Python set; letta-code matches on that message. */
  private static String pythonSet(List<String> values) {
    return values.stream().map(v -> "'" + v + "'").collect(Collectors.joining(", ", "{", "}"));
  }
}
