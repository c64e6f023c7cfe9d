package dev.engram.memory.block;

import dev.engram.contracts.Ids;
import dev.engram.contracts.api.BlockView;
import dev.engram.platform.rest.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Conversation-private copies of an agent's blocks (Letta's {@code isolated_block_labels}). Within a conversation
 * that has a copy of a label, the prompt shows the copy instead of the agent's block and the conversation's memory
 * tools edit the copy; every other conversation, and the agent's default one, keeps the agent's shared block.
 */
@ApplicationScoped
public class ConversationBlocks {
  /** The id under which step-runner stores an agent's default conversation; it never has copies. */
  public static final String DEFAULT_CONVERSATION = "default";

  /** One copy as the internal API answers it. */
  public record IsolatedBlock(String label, String blockId) {
  }

  private final BlockRepository blocks;
  private final BlockService service;

  ConversationBlocks(BlockRepository blocks, BlockService service) {
    this.blocks = blocks;
    this.service = service;
  }

  /** Whether {@code conversationId} names the agent's default conversation (null, blank or {@code default}). */
  public static boolean isDefault(String conversationId) {
    return conversationId == null || conversationId.isBlank() || DEFAULT_CONVERSATION.equals(conversationId);
  }

  /**
   * Copies the agent's blocks {@code labels} for the conversation, skipping labels it has a copy of already, and
   * answers all the conversation's copies in the order they were made. 404 (nothing copied) when the agent has
   * no block for one of the labels.
   */
  @Transactional
  public List<IsolatedBlock> isolate(String agentId, String conversationId, List<String> labels) {
    checkConversation(conversationId);
    Set<String> wanted = checkLabels(labels);
    blocks.lockConversation(agentId, conversationId);
    Set<String> copied = new LinkedHashSet<>();
    blocks.copies(agentId, conversationId).forEach(c -> copied.add(c.label()));
    Map<String, BlockEntity> sources = new LinkedHashMap<>();
    for (String label : wanted) {
      if (copied.contains(label)) {
        continue;
      }
      BlockEntity source = blocks.attachedByLabel(agentId, label).orElseThrow(() -> ApiException.notFound(
          "Block with label '" + label + "' not found for agent " + agentId + " (available labels: "
              + String.join(", ", blocks.labels(agentId)) + "): only an agent's own blocks can be isolated"));
      sources.put(label, source);
    }
    Editor editor = Editor.api(Ids.DEFAULT_USER);
    for (Map.Entry<String, BlockEntity> source : sources.entrySet()) {
      BlockEntity copy = service.insertCopy(agentId, source.getValue(), editor);
      blocks.insertCopy(agentId, conversationId, source.getKey(), copy.id());
      service.announceTo(agentId, copy, editor);
    }
    return list(agentId, conversationId);
  }

  /** The conversation's copies in the order they were made (none for the default conversation). */
  public List<IsolatedBlock> list(String agentId, String conversationId) {
    if (isDefault(conversationId)) {
      return List.of();
    }
    return blocks.copies(agentId, conversationId).stream()
        .map(c -> new IsolatedBlock(c.label(), c.block().id())).toList();
  }

  /** Deletes the conversation's copies (the conversation was deleted); their history stays readable. */
  @Transactional
  public void delete(String agentId, String conversationId) {
    checkConversation(conversationId);
    blocks.lockConversation(agentId, conversationId);
    deleteCopies(agentId, blocks.copyIds(agentId, conversationId));
  }

  /** The agent was deleted: deletes the copies of all its conversations and detaches its blocks. */
  @Transactional
  public void deleteAgent(String agentId) {
    deleteCopies(agentId, blocks.copyIds(agentId, null));
    service.detachAll(agentId);
  }

  private void deleteCopies(String agentId, List<String> ids) {
    Editor editor = Editor.api(Ids.DEFAULT_USER);
    ids.forEach(id -> service.deleteCopy(agentId, id, editor));
  }

  /** The agent's blocks as the conversation sees them: its copies stand in for the agent's blocks by label. */
  public List<BlockView> view(String agentId, String conversationId) {
    if (isDefault(conversationId)) {
      return service.list(agentId);
    }
    Map<String, BlockEntity> copies = new LinkedHashMap<>();
    blocks.copies(agentId, conversationId).forEach(c -> copies.put(c.label(), c.block()));
    List<BlockView> out = new ArrayList<>();
    for (BlockEntity b : blocks.attached(agentId)) {
      out.add(copies.getOrDefault(b.label(), b).toView());
    }
    return out;
  }

  /**
   * The block a memory tool of the conversation edits for {@code label}, locked: the conversation's copy when it
   * has one, else the agent's block. Needs the caller's transaction.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public Optional<BlockEntity> lockForEdit(String agentId, String conversationId, String label) {
    if (!isDefault(conversationId)) {
      Optional<BlockEntity> copy = blocks.lockCopy(agentId, conversationId, label);
      if (copy.isPresent()) {
        return copy;
      }
    }
    return blocks.lockAttachedByLabel(agentId, label);
  }

  /** Whether {@code blockId} is one of the conversation's private copies. */
  public boolean isCopy(String agentId, String conversationId, String blockId) {
    return !isDefault(conversationId) && blocks.copyIds(agentId, conversationId).contains(blockId);
  }

  private static void checkConversation(String conversationId) {
    if (isDefault(conversationId)) {
      throw ApiException.unprocessable("conversation_id: the agent's default conversation uses the agent's own "
          + "blocks and cannot have isolated copies; give a conv-… id");
    }
  }

  private static Set<String> checkLabels(List<String> labels) {
    if (labels == null) {
      throw ApiException.unprocessable("labels: Field required");
    }
    Set<String> wanted = new LinkedHashSet<>();
    for (int i = 0; i < labels.size(); i++) {
      String label = labels.get(i);
      if (label == null || label.isBlank()) {
        throw ApiException.unprocessable("labels[" + i + "]: must be a non-empty block label");
      }
      wanted.add(label);
    }
    return wanted;
  }
}
