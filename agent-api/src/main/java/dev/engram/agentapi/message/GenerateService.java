package dev.engram.agentapi.message;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agentapi.agent.AgentRecord;
import dev.engram.agentapi.agent.AgentRepository;
import dev.engram.contracts.api.LlmConfig;
import dev.engram.contracts.api.UsageStatistics;
import dev.engram.platform.llm.LlmClient;
import dev.engram.platform.llm.LlmException;
import dev.engram.platform.llm.LlmMessage;
import dev.engram.platform.llm.LlmRequest;
import dev.engram.platform.llm.LlmResponse;
import dev.engram.platform.llm.ModelHandle;
import dev.engram.platform.rest.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /v1/agents/{id}/generate}: one direct completion with the agent's model (or {@code override_model}),
 * outside the agent's history: no run, no memory, no tools, nothing stored.
 */
@ApplicationScoped
public class GenerateService {
  private final AgentRepository agents;
  private final LlmClient llm;

  GenerateService(AgentRepository agents, LlmClient llm) {
    this.agents = agents;
    this.llm = llm;
  }

  /** Letta's {@code GenerateResponse}. */
  public record GenerateResponse(String content, String model, UsageStatistics usage) {
  }

  /** Validates Letta's {@code GenerateRequest} and calls the model; LLM failures become Letta's error bodies. */
  public SendResult generate(String agentId, JsonNode body) {
    if (body == null || !body.isObject()) {
      throw ApiException.unprocessable("body: Input should be a valid dictionary or object");
    }
    JsonNode prompt = body.get("prompt");
    if (prompt == null || prompt.isNull()) {
      throw ApiException.unprocessable("prompt: Field required");
    }
    if (!prompt.isTextual() || prompt.asText().isEmpty()) {
      throw ApiException.unprocessable("prompt: String should have at least 1 character");
    }
    JsonNode schema = body.get("response_schema");
    if (schema != null && !schema.isNull()) {
      throw ApiException.unprocessable("response_schema: structured output is not supported by Engram yet; "
          + "ask for JSON in the prompt instead");
    }
    String system = text(body, "system_prompt");
    String override = text(body, "override_model");
    AgentRecord agent = agents.find(agentId).orElseThrow(() -> ApiException.notFound("Agent not found"));
    LlmConfig config = agent.llmConfig();
    String handle = override != null ? override : config.handle();
    ModelHandle parsed;
    try {
      parsed = ModelHandle.parse(handle);
    } catch (RuntimeException e) {
      throw ApiException.unprocessable("override_model: '" + handle + "' is not a model handle (provider/model)");
    }
    List<LlmMessage> messages = new ArrayList<>();
    if (system != null) {
      messages.add(LlmMessage.system(system));
    }
    messages.add(LlmMessage.user(prompt.asText()));
    try {
      LlmResponse response = llm.chat(new LlmRequest(handle, messages, List.of(),
          override == null ? config.temperature() : null, override == null ? config.maxTokens() : null, false));
      int total = response.promptTokens() + response.completionTokens();
      return new SendResult(200, new GenerateResponse(response.text() == null ? "" : response.text(), parsed.model(),
          new UsageStatistics(response.completionTokens(), response.promptTokens(), total, 1)));
    } catch (LlmException e) {
      if (e.kind() == LlmException.Kind.NOT_CONFIGURED) {
        throw ApiException.notFound("Model " + handle + " is not available: " + e.getMessage());
      }
      String type = e.kind().errorType();
      return new SendResult(502, new SendResult.LlmErrorBody(new SendResult.LlmError(type,
          "The model provider returned an error.", e.getMessage())));
    }
  }

  private static String text(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw ApiException.unprocessable(field + ": Input should be a valid string");
    }
    return value.asText();
  }
}
