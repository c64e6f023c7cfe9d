package dev.engram.agentapi.approval;

import dev.engram.agentapi.JsonColumns;
import dev.engram.agentapi.agent.AgentRepository;
import dev.engram.agentapi.tool.ToolRegistry;
import dev.engram.agentapi.tool.ToolView;
import dev.engram.contracts.api.ToolRule;
import dev.engram.platform.db.Sql;
import dev.engram.platform.rest.ApiException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Which of an agent's tools wait for approval: {@code requires_approval} tool rules, set per tool through
 * {@code PATCH /v1/agents/{id}/tools/approval/{tool_name}} or given at creation by a tool's
 * {@code default_requires_approval}.
 */
@ApplicationScoped
public class ToolApprovals {
  private final AgentRepository agents;
  private final ToolRegistry tools;
  private final Sql sql;

  ToolApprovals(AgentRepository agents, ToolRegistry tools, Sql sql) {
    this.agents = agents;
    this.tools = tools;
    this.sql = sql;
  }

  /** Adds ({@code required}) or removes the agent's requires-approval rule of one of its tools. */
  public void set(String agentId, String toolName, boolean required) {
    QuarkusTransaction.requiringNew().run(() -> {
      List<ToolRule> rules = agents.lock(agentId).orElseThrow(() -> ApiException.notFound("Agent not found"))
          .toolRules();
      if (tools.forAgent(agentId).stream().map(ToolView::name).noneMatch(toolName::equals)) {
        throw ApiException.notFound("Tool " + toolName + " is not attached to agent " + agentId);
      }
      List<ToolRule> updated = new ArrayList<>(rules == null ? List.of() : rules);
      updated.removeIf(r -> ToolRule.REQUIRES_APPROVAL.equals(r.type()) && toolName.equals(r.toolName()));
      if (required) {
        updated.add(ToolRule.of(ToolRule.REQUIRES_APPROVAL, toolName));
      }
      sql.update("UPDATE agents SET tool_rules = ?, updated_at = ? WHERE id = ?", JsonColumns.of(updated),
          Instant.now().truncatedTo(ChronoUnit.MICROS), agentId);
    });
  }

  /** The rules plus a requires-approval rule for each tool whose {@code default_requires_approval} is set. */
  public static List<ToolRule> withDefaults(List<ToolRule> rules, List<ToolView> attached) {
    List<ToolRule> out = new ArrayList<>(rules);
    for (ToolView tool : attached) {
      boolean covered = out.stream().anyMatch(r -> ToolRule.REQUIRES_APPROVAL.equals(r.type())
          && tool.name().equals(r.toolName()));
      if (Boolean.TRUE.equals(tool.defaultRequiresApproval()) && !covered) {
        out.add(ToolRule.of(ToolRule.REQUIRES_APPROVAL, tool.name()));
      }
    }
    return out;
  }
}
