package dev.engram.steprunner.context;

import dev.engram.contracts.LettaTime;
import dev.engram.contracts.api.AgentSnapshot;
import dev.engram.platform.llm.LlmMessage;
import dev.engram.platform.llm.LlmTool;
import dev.engram.platform.llm.LlmToolCall;
import dev.engram.steprunner.client.AgentMemory;
import dev.engram.steprunner.persistence.CompactionRepository;
import dev.engram.steprunner.persistence.ConversationKey;
import dev.engram.steprunner.persistence.MessageRepository;
import dev.engram.steprunner.persistence.StoredMessage;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds an agent's context window overview from its stored window: the compiled system prompt split into
 * its sections, the summary message, the tool definitions and the conversation, each counted with the
 * agent's {@link TokenCounter}. The system message's framing and the reply primer are counted with the
 * base instructions, so the parts add up to the tokens of the request the next step would send.
 */
@ApplicationScoped
public class ContextOverviews {
  private final MessageRepository messages;
  private final CompactionRepository compactions;
  private final SystemPrompts prompts;

  ContextOverviews(MessageRepository messages, CompactionRepository compactions, SystemPrompts prompts) {
    this.messages = messages;
    this.compactions = compactions;
    this.prompts = prompts;
  }

  /** The overview of the context window of one of {@code agent}'s conversations now. */
  public ContextOverview of(AgentSnapshot agent, ConversationKey conversationKey) {
    String agentId = agent.id();
    TokenCounter counter = TokenCounter.forModel(agent.llmConfig());
    AgentMemory counts = prompts.memory(conversationKey);
    List<StoredMessage> context = messages.inContext(conversationKey);
    long total = messages.count(conversationKey);
    String prompt;
    if (context.isEmpty() || context.getFirst().role() != StoredMessage.Role.SYSTEM) {
      // An agent that never ran: its first step would compile this prompt.
      prompt = prompts.preview(agent, conversationKey, null, true);
    } else {
      prompt = context.getFirst().content();
    }
    List<StoredMessage> conversation = context.isEmpty() ? List.of() : context.subList(1, context.size());
    Optional<String> summaryId = compactions.summaryMessageId(conversationKey);
    String summary = null;
    int summaryTokens = 0;
    if (!conversation.isEmpty() && summaryId.isPresent() && conversation.getFirst().id().equals(summaryId.get())) {
      summary = conversation.getFirst().content();
      summaryTokens = counter.count(LlmMessage.user(summary));
      conversation = conversation.subList(1, conversation.size());
    }
    PromptSections sections = PromptSections.of(prompt);
    String core = sections.section(PromptSections.MEMORY_BLOCKS);
    String rules = sections.section(PromptSections.TOOL_USAGE_RULES);
    String dirs = sections.section(PromptSections.DIRECTORIES);
    String files = sections.section(PromptSections.MEMORY_FILESYSTEM);
    String external = sections.section(PromptSections.MEMORY_METADATA);
    int systemTokens = counter.count(sections.base()) + TokenCounter.PER_MESSAGE + TokenCounter.PER_REQUEST;
    List<LlmTool> tools = agent.tools().stream().map(PromptMessages::toLlmTool).toList();
    int toolTokens = counter.countTools(tools);
    int messageTokens = counter.countMessages(conversation.stream()
        .map(m -> PromptMessages.toLlm(m, agent.llmConfig())).toList());
    int coreTokens = counter.count(core);
    int rulesTokens = counter.count(rules);
    int dirTokens = counter.count(dirs);
    int fileTokens = counter.count(files);
    int externalTokens = counter.count(external);
    int current = systemTokens + coreTokens + rulesTokens + dirTokens + fileTokens + externalTokens + summaryTokens
        + toolTokens + messageTokens;
    return new ContextOverview(TokenCounter.contextWindow(agent.llmConfig()), current,
        Math.max(1, context.size()), counts.archivalCount(), total, externalTokens, external == null ? "" : external,
        systemTokens, sections.base(), coreTokens, core == null ? "" : core, fileTokens, files, rulesTokens, rules,
        dirTokens, dirs, summaryTokens, summary, toolTokens, TokenCounter.openAiTools(tools), messageTokens,
        context.stream().map(ContextOverviews::message).toList());
  }

  /** A stored message in Letta's internal {@code Message} shape. */
  private static Map<String, Object> message(StoredMessage m) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", m.id());
    out.put("agent_id", m.agentId());
    out.put("role", m.role().name().toLowerCase());
    String text = m.role() == StoredMessage.Role.TOOL ? PromptMessages.packageReturn(m, Integer.MAX_VALUE) : m.content();
    out.put("content", text == null ? List.of() : List.of(Map.of("type", "text", "text", text)));
    out.put("name", m.name() != null ? m.name() : m.toolName());
    List<Map<String, Object>> calls = new ArrayList<>();
    for (LlmToolCall c : m.toolCalls()) {
      calls.add(Map.of("id", c.id(), "type", "function", "function",
          Map.of("name", c.name(), "arguments", c.arguments() == null ? "" : c.arguments())));
    }
    out.put("tool_calls", calls.isEmpty() ? null : calls);
    out.put("tool_call_id", m.toolCallId());
    out.put("step_id", m.stepId());
    out.put("run_id", m.runId());
    out.put("otid", m.otid());
    out.put("created_at", m.createdAt() == null ? null : LettaTime.format(m.createdAt()));
    return out;
  }
}
