package dev.engram.steprunner.loop;

import dev.engram.contracts.Ids;
import dev.engram.contracts.StopReason;
import dev.engram.contracts.api.AgentSnapshot;
import dev.engram.contracts.api.ToolDefinition;
import dev.engram.contracts.api.ToolExecutionResult;
import dev.engram.contracts.api.ToolRule;
import dev.engram.platform.llm.LlmResponse;
import dev.engram.platform.llm.LlmToolCall;
import dev.engram.steprunner.context.ToolRulePrompts;
import dev.engram.steprunner.message.LettaMessages;
import dev.engram.steprunner.persistence.ConversationKey;
import dev.engram.steprunner.persistence.StepRecord;
import dev.engram.steprunner.persistence.StoredMessage;
import dev.engram.steprunner.rules.ToolRuleSolver;
import dev.engram.steprunner.tool.ToolDispatcher;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The second half of a step: stores the model's answer, runs (or refuses) its tool calls under the
 * agent's tool rules, and decides whether the loop goes on, with Letta's rules for both loops
 * (see {@link AgentLoops}) and its stop reasons.
 */
@ApplicationScoped
public class ToolStep {
  /** Prefix of the error return of a call the rules did not allow (Letta's wording). */
  public static final String CONSTRAINT_ERROR = "[ToolConstraintError]";

  private final ToolDispatcher tools;
  private final MeterRegistry meters;

  ToolStep(ToolDispatcher tools, MeterRegistry meters) {
    this.tools = tools;
    this.meters = meters;
  }

  /** The messages a step adds and how the loop goes on. */
  public record Outcome(List<StoredMessage> messages, boolean continueLoop, StopReason stopReason, long toolNs) {
  }

  /** Rebuilds a resumed run's call history from the tool returns it already committed. */
  public static void replay(ToolRuleSolver solver, List<StoredMessage> runMessages) {
    for (StoredMessage m : runMessages) {
      if (m.role() == StoredMessage.Role.TOOL && m.toolName() != null
          && (m.content() == null || !m.content().startsWith(CONSTRAINT_ERROR))) {
        solver.register(m.toolName(), m.content());
      }
    }
  }

  /**
   * Handles the journaled answer of {@code step} in the run's {@code conversation}; {@code lastStep} is the run's last
   * allowed step.
   */
  public Outcome run(AgentSnapshot agent, ConversationKey conversation, StepRecord step, boolean lastStep,
      ToolRuleSolver solver) {
    LlmResponse r = step.response();
    boolean legacy = AgentLoops.isLegacy(agent.agentType());
    List<String> available = agent.tools().stream().map(ToolDefinition::name).toList();
    List<StoredMessage> out = new ArrayList<>();
    boolean hasText = r.text() != null && !r.text().isEmpty();
    boolean hasContent = hasText || !r.toolCalls().isEmpty() || (r.reasoning() != null && !r.reasoning().isEmpty());
    if (r.toolCalls().stream().anyMatch(c -> solver.requiresApproval(c.name()))) {
      // The calls wait for the client (ApprovalStep answers them in a later run). They are stored as an
      // approval request kept out of the context window: a tool call must never sit in the window without its
      // return, or the next prompt is one every provider rejects. None of the step's calls runs now.
      out.add(ApprovalStep.request(agent, step, r));
      return new Outcome(out, false, StopReason.REQUIRES_APPROVAL, 0);
    }
    if (hasContent) {
      out.add(assistant(agent, step, r));
    }
    if (r.toolCalls().isEmpty()) {
      List<String> uncalled = solver.uncalledRequired(available);
      if (!uncalled.isEmpty() && !lastStep) {
        out.add(heartbeat(agent, step, requiredReason(uncalled)));
        return new Outcome(out, true, null, 0);
      }
      StopReason stop = "length".equals(r.finishReason()) ? StopReason.MAX_TOKENS_EXCEEDED
          // A legacy agent must answer with a tool call (send_message); Letta fails the run otherwise.
          : legacy ? StopReason.NO_TOOL_CALL : StopReason.END_TURN;
      return new Outcome(out, false, stop, 0);
    }

    long toolStart = System.nanoTime();
    boolean proceed = false;
    boolean terminal = false;
    StopReason terminalStop = null;
    String reason = null;
    for (LlmToolCall call : r.toolCalls()) {
      List<String> allowed = solver.allowed(available);
      boolean violated = !allowed.contains(call.name());
      ToolExecutionResult result;
      if (violated) {
        result = ToolExecutionResult.error(constraintError(call.name(), allowed, solver, agent.rules()));
      } else {
        LlmToolCall executed = legacy
            ? new LlmToolCall(call.id(), call.name(), AgentLoops.withoutHeartbeat(call.arguments())) : call;
        result = tools.execute(agent, conversation, step.runId(), step.id(), executed);
        solver.register(call.name(), result.toolReturn());
      }
      out.add(StoredMessage.draft(Ids.newId(Ids.MESSAGE), agent.id(), step.runId(), step.id(),
          StoredMessage.Role.TOOL, result.toolReturn(), null, null, call.id(), call.name(), result.status(), null,
          null));
      // Why this call keeps the loop going, or null when it does not.
      String because;
      if (violated) {
        because = "The last tool call broke a tool rule and was not run; pick an allowed tool.";
      } else if (solver.isTerminal(call.name())) {
        terminal = true;
        // Letta's legacy loop reports tool_rule only when the model asked to continue past the terminal tool.
        terminalStop = !legacy || AgentLoops.requestsHeartbeat(call.arguments()) ? StopReason.TOOL_RULE
            : StopReason.END_TURN;
        because = null;
      } else if (!legacy) {
        because = "tool called";
      } else if (!result.ok()) {
        because = "The tool call failed; control returns to you.";
      } else if (solver.hasChildren(call.name())) {
        because = "A tool rule requires another tool call after " + call.name() + ".";
      } else if (solver.isContinue(call.name())) {
        because = "A tool rule keeps the turn going after " + call.name() + ".";
      } else if (AgentLoops.requestsHeartbeat(call.arguments())) {
        because = "The tool was called with request_heartbeat=true; control returns to you.";
      } else {
        because = null;
      }
      if (because != null && !proceed) {
        proceed = true;
        reason = because;
      }
    }
    long toolNs = System.nanoTime() - toolStart;
    meters.timer("engram.step.tools").record(toolNs, TimeUnit.NANOSECONDS);

    boolean continueLoop = proceed && !terminal;
    StopReason stop = continueLoop ? null : terminal ? terminalStop : StopReason.END_TURN;
    List<String> uncalled = solver.uncalledRequired(available);
    if (lastStep) {
      // max_steps only when the run would have gone on; a turn that ended on this step keeps its own reason.
      boolean wouldContinue = continueLoop || !uncalled.isEmpty();
      return new Outcome(out, false, wouldContinue ? StopReason.MAX_STEPS : stop, toolNs);
    }
    if (!continueLoop && !uncalled.isEmpty()) {
      out.add(heartbeat(agent, step, requiredReason(uncalled)));
      return new Outcome(out, true, null, toolNs);
    }
    if (continueLoop && legacy) {
      out.add(heartbeat(agent, step, reason));
    }
    return new Outcome(out, continueLoop, stop, toolNs);
  }

  private static StoredMessage assistant(AgentSnapshot agent, StepRecord step, LlmResponse r) {
    return StoredMessage.draft(LettaMessages.assistantMessageId(step.id()), agent.id(), step.runId(), step.id(),
        StoredMessage.Role.ASSISTANT, r.text(), r.reasoning(), r.toolCalls(), null, null, null, null, null);
  }

  private static StoredMessage heartbeat(AgentSnapshot agent, StepRecord step, String reason) {
    return StoredMessage.draft(Ids.newId(Ids.MESSAGE), agent.id(), step.runId(), step.id(), StoredMessage.Role.USER,
        AgentLoops.heartbeat(reason, agent.timezone(), Instant.now()), null, null, null, null, null, null, null);
  }

  static String requiredReason(List<String> uncalled) {
    return "ToolRuleViolated: You must call " + String.join(", ", uncalled)
        + " at least once before you end your turn.";
  }

  /**
   * Letta's refusal of a disallowed call: the allowed tools as a Python-style list, then the lines of the
   * rules that concern this tool (as its subject or as one of its children) or the previous one, as hints.
   */
  static String constraintError(String toolName, List<String> allowed, ToolRuleSolver solver,
      List<ToolRule> rules) {
    String valid = allowed.stream().map(n -> "'" + n + "'").collect(Collectors.joining(", ", "[", "]"));
    String previous = solver.history().isEmpty() ? null : solver.history().getLast();
    List<String> hints = rules.stream()
        .filter(rule -> rule.toolName().equals(toolName) || rule.toolName().equals(previous)
            || rule.childrenOrEmpty().contains(toolName))
        .map(ToolRulePrompts::line).filter(l -> l != null)
        .map(l -> "\t- " + l.replace("<tool_rule>", "").replace("</tool_rule>", "").strip()).toList();
    return CONSTRAINT_ERROR + " Cannot call " + toolName + ", valid tools include: " + valid + "."
        + (hints.isEmpty() ? "" : "\n** Hint: rules that may have been broken:\n" + String.join("\n", hints));
  }
}
