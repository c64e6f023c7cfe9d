package dev.engram.agentapi.support;

import dev.engram.local.EngramInfraTestResource;
import dev.engram.scriptedmodel.ScriptedModelServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Everything an agent-api component test runs against: the shared embedded PostgreSQL (database
 * {@code agent_api}) and Kafka, the scripted model server as the only LLM provider, and
 * {@link FakePeers} standing in for memory-service and step-runner.
 */
public class AgentApiTestResource implements QuarkusTestResourceLifecycleManager {
  private final EngramInfraTestResource infra = new EngramInfraTestResource();
  private ScriptedModelServer model;
  private FakePeers peers;

  @Override
  public Map<String, String> start() {
    infra.init(Map.of(EngramInfraTestResource.DATABASE_ARG, "agent_api"));
    Map<String, String> config = new HashMap<>(infra.start());
    model = ScriptedModelServer.start();
    peers = FakePeers.start();
    config.put("engram.llm.scripted.base-url", model.baseUrl());
    config.put("engram.llm.openai.api-key", "");
    config.put("engram.llm.anthropic.api-key", "");
    config.put("engram.llm.ollama.base-url", "");
    config.put("quarkus.rest-client.memory-service.url", peers.url());
    config.put("quarkus.rest-client.step-runner.url", peers.url());
    config.put("quarkus.rest-client.tool-executor.url", peers.url());
    config.put("quarkus.rest-client.tool-executor-mcp.url", peers.url());
    return config;
  }

  @Override
  public void stop() {
    if (peers != null) {
      peers.close();
    }
    if (model != null) {
      model.close();
    }
    infra.stop();
  }
}
