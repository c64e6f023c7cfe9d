package dev.engram.agentapi.tool;

import dev.engram.agentapi.client.ToolExecutorClient;
import dev.engram.contracts.Ids;
import dev.engram.contracts.api.ToolDefinition;
import dev.engram.contracts.api.ToolExecutionResult;
import dev.engram.platform.rest.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Runs a tool outside any agent step, synchronously, through tool-executor (which owns every execution): an
 * agent's attached tool with the agent's secrets, or a function straight from source. Nothing is written to the
 * agent's history.
 */
@ApplicationScoped
public class ToolRuns {
  private static final String PYTHON = "python";

  private final ToolRegistry tools;
  private final ToolExecutorClient executor;

  ToolRuns(ToolRegistry tools, ToolExecutorClient executor) {
    this.tools = tools;
    this.executor = executor;
  }

  /** Letta's {@code ToolExecutionResult}: the outcome of {@code POST /v1/agents/{id}/tools/{name}/run}. */
  public record RunResult(String status, Object funcReturn, List<String> stdout, List<String> stderr,
      String sandboxConfigFingerprint) {
  }

  /** Letta's {@code ToolReturnMessage}: the outcome of {@code POST /v1/tools/run}. */
  public record RunReturnMessage(String id, Instant date, String name, String messageType, String toolReturn,
      String status, String toolCallId, List<String> stdout, List<String> stderr) {
  }

  /** Runs the agent's attached tool {@code toolName}; 404 if the agent has no tool of that name. */
  public RunResult runAttached(String agentId, String toolName, Map<String, Object> args) {
    ToolView tool = tools.forAgent(agentId).stream().filter(t -> t.name().equals(toolName)).findFirst()
        .orElseThrow(() -> ApiException.notFound("Tool '" + toolName + "' is not attached to agent " + agentId));
    ToolExecutionResult result = executor.run(agentId, tool.definition(), args, Map.of());
    return new RunResult(result.status(), result.toolReturn(), lines(result.stdout()), lines(result.stderr()), null);
  }

  /**
   * Runs a Python function from source with {@code env_vars} as its environment. Packages cannot be installed
   * into the sandbox, so a request that needs some is refused rather than run without them.
   */
  public RunReturnMessage runFromSource(ToolRunFromSource req) {
    if (req == null || req.sourceCode() == null) {
      throw ApiException.unprocessable("source_code: Field required");
    }
    if (req.args() == null) {
      throw ApiException.unprocessable("args: Field required");
    }
    if (req.sourceType() != null && !PYTHON.equals(req.sourceType())) {
      throw ApiException.badRequest("Only Python source can be run (source_type 'python'), got '"
          + req.sourceType() + "'");
    }
    if (req.pipRequirements() != null && !req.pipRequirements().isEmpty()
        || req.npmRequirements() != null && !req.npmRequirements().isEmpty()) {
      throw ApiException.badRequest("pip_requirements/npm_requirements are not supported: the tool sandbox runs "
          + "with the packages of its own Python installation and installs nothing");
    }
    String name = req.name();
    if (name == null) {
      name = String.valueOf(executor.schema(req.sourceCode(), null).get("name"));
    }
    ToolDefinition tool = new ToolDefinition(null, name, null, ToolDefinition.CUSTOM, req.jsonSchema(), null,
        PYTHON, req.sourceCode());
    ToolExecutionResult result = executor.run(null, tool, req.args(), req.envVars());
    return new RunReturnMessage(Ids.newId(Ids.MESSAGE), Instant.now(), name, "tool_return_message",
        result.toolReturn(), result.status(), "call-" + UUID.randomUUID(), lines(result.stdout()),
        lines(result.stderr()));
  }

  /** Letta lists captured output as strings: one entry, or none when nothing was written. */
  private static List<String> lines(String output) {
    return output == null || output.isEmpty() ? List.of() : List.of(output);
  }
}
