package dev.engram.memory.tool;

import dev.engram.memory.MemoryServiceConfig;
import dev.engram.memory.block.BlockEntity;
import dev.engram.memory.block.BlockService;
import dev.engram.memory.block.Editor;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * An agent's blocks as its memory tools see them: lookups that fail with Letta's error texts, and edits
 * that respect read-only flags and character limits. Runs in the tool call's transaction.
 */
@ApplicationScoped
public class AgentBlocks {
  private final BlockService blocks;
  private final MemoryServiceConfig config;

  AgentBlocks(BlockService blocks, MemoryServiceConfig config) {
    this.blocks = blocks;
    this.config = config;
  }

  /** The agent's block, locked for an edit; fails for unknown and read-only blocks. */
  BlockEntity editable(String agentId, String label) {
    BlockEntity block = existing(agentId, label);
    if (block.readOnly()) {
      throw new ToolException(MemoryEdits.READ_ONLY_ERROR);
    }
    return block;
  }

  /** The agent's block, locked; the error for an unknown label lists the labels the agent has. */
  BlockEntity existing(String agentId, String label) {
    return blocks.lockForEdit(agentId, label).orElseThrow(() -> new ToolException(
        "Block field " + label + " does not exist (available sections = "
            + String.join(", ", blocks.labels(agentId)) + ")"));
  }

  /** Whether the agent has a block with this label. */
  boolean has(String agentId, String label) {
    return blocks.lockForEdit(agentId, label).isPresent();
  }

  /** Checks the block's character limit and stores the new value as a version made by {@code editor}. */
  void commit(BlockEntity block, String newValue, Editor editor) {
    MemoryEdits.checkLimit(block.label(), newValue, block.limit());
    blocks.writeValue(block, newValue, editor);
  }

  /** Stores other field changes (label, description) as a version; a label clash becomes the agent's error. */
  void write(BlockEntity current, BlockEntity changed, Editor editor) {
    try {
      blocks.write(current, changed, editor);
    } catch (BlockService.LabelClash e) {
      throw new ToolException(e.getMessage());
    }
  }

  /** Creates a block with the default limit and attaches it to the agent. */
  BlockEntity create(String agentId, String label, String value, String description, Editor editor) {
    if (label.isBlank()) {
      throw new ToolException("Error: a memory block needs a non-empty label");
    }
    if (has(agentId, label)) {
      throw new ToolException("Error: Memory block '" + label + "' already exists");
    }
    MemoryEdits.checkLimit(label, value, config.defaultBlockLimit());
    return blocks.createForAgent(agentId, label, value, description, editor);
  }

  /** Detaches the block from the agent (the block itself stays, as in Letta). */
  void detach(String agentId, BlockEntity block, Editor editor) {
    blocks.detachForAgent(agentId, block, editor);
  }
}
