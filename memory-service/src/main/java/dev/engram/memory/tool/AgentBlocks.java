package dev.engram.memory.tool;

import dev.engram.memory.MemoryServiceConfig;
import dev.engram.memory.block.BlockEntity;
import dev.engram.memory.block.BlockService;
import dev.engram.memory.block.ConversationBlocks;
import dev.engram.memory.block.Editor;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * An agent's blocks as its memory tools see them from one conversation (a conversation's private copy stands in for
 * the agent's block with its label): lookups that fail with Letta's error texts, and edits that respect read-only
 * flags and character limits. Runs in the tool call's transaction.
 */
@ApplicationScoped
public class AgentBlocks {
  private final BlockService blocks;
  private final ConversationBlocks conversations;
  private final MemoryServiceConfig config;

  AgentBlocks(BlockService blocks, ConversationBlocks conversations, MemoryServiceConfig config) {
    this.blocks = blocks;
    this.conversations = conversations;
    this.config = config;
  }

  /** The block, locked for an edit; fails for unknown and read-only blocks. */
  BlockEntity editable(MemoryScope scope, String label) {
    BlockEntity block = existing(scope, label);
    if (block.readOnly()) {
      throw new ToolException(MemoryEdits.READ_ONLY_ERROR);
    }
    return block;
  }

  /** The block, locked; the error for an unknown label lists the labels the agent has. */
  BlockEntity existing(MemoryScope scope, String label) {
    return conversations.lockForEdit(scope.agentId(), scope.conversationId(), label).orElseThrow(
        () -> new ToolException("Block field " + label + " does not exist (available sections = "
            + String.join(", ", blocks.labels(scope.agentId())) + ")"));
  }

  /** Whether the conversation sees a block with this label. */
  boolean has(MemoryScope scope, String label) {
    return conversations.lockForEdit(scope.agentId(), scope.conversationId(), label).isPresent();
  }

  /** Checks the block's character limit and stores the new value as a version made by {@code editor}. */
  void commit(BlockEntity block, String newValue, Editor editor) {
    MemoryEdits.checkLimit(block.label(), newValue, block.limit());
    blocks.writeValue(block, newValue, editor);
  }

  /**
   * Stores other field changes (label, description) as a version; a label clash becomes the agent's error, and so
   * does renaming a conversation's private copy (it stands in for the label it was made for).
   */
  void write(MemoryScope scope, BlockEntity current, BlockEntity changed, Editor editor) {
    if (!changed.label().equals(current.label())) {
      requireShared(scope, current, "renamed");
    }
    try {
      blocks.write(current, changed, editor);
    } catch (BlockService.LabelClash e) {
      throw new ToolException(e.getMessage());
    }
  }

  /** Creates a block with the default limit and attaches it to the agent (shared by all its conversations). */
  BlockEntity create(MemoryScope scope, String label, String value, String description, Editor editor) {
    if (label.isBlank()) {
      throw new ToolException("Error: a memory block needs a non-empty label");
    }
    if (has(scope, label)) {
      throw new ToolException("Error: Memory block '" + label + "' already exists");
    }
    MemoryEdits.checkLimit(label, value, config.defaultBlockLimit());
    return blocks.createForAgent(scope.agentId(), label, value, description, editor);
  }

  /** Detaches the block from the agent (the block itself stays, as in Letta); a private copy cannot be. */
  void detach(MemoryScope scope, BlockEntity block, Editor editor) {
    requireShared(scope, block, "deleted");
    blocks.detachForAgent(scope.agentId(), block, editor);
  }

  private void requireShared(MemoryScope scope, BlockEntity block, String what) {
    if (conversations.isCopy(scope.agentId(), scope.conversationId(), block.id())) {
      throw new ToolException("Error: memory block '" + block.label() + "' is private to this conversation and "
          + "cannot be " + what + " from it; its value can be edited");
    }
  }
}
