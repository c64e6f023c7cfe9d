package dev.engram.agentapi.client;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.util.Map;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** tool-executor's internal API: the JSON schema of a Python tool derived from its source; direct tool runs. */
@Path("/internal/tools")
@RegisterRestClient(configKey = "tool-executor")
public interface ToolExecutorRestClient {

  /** Body {@code {source_code, name?}}; answers Letta's {@code json_schema} or a 400 naming what is wrong. */
  @POST
  @Path("/schema")
  Map<String, Object> schema(Map<String, Object> request);

  /** Body {@code {tool, args, agent_id?, environment?}}; answers {@code {status, tool_return, stdout, stderr}}. */
  @POST
  @Path("/run")
  Map<String, Object> run(Map<String, Object> request);
}
