package dev.engram.memory.tool;

import dev.engram.contracts.api.ToolExecutionRequest;
import dev.engram.contracts.api.ToolExecutionResult;
import dev.engram.memory.archival.ArchivalTools;
import dev.engram.memory.block.BlockEntity;
import dev.engram.memory.block.BlockService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Set;

/** Letta's core memory tools and conversation_search, executed against this service's blocks and recall index. */
@ApplicationScoped
public class MemoryTools {
  /** Every tool this service executes. */
  public static final Set<String> NAMES = Set.of("memory_replace", "memory_insert", "memory_rethink",
      "memory_finish_edits", "core_memory_append", "core_memory_replace", "conversation_search",
      "archival_memory_insert", "archival_memory_search");

  private final BlockService blocks;
  private final ConversationSearchTool conversationSearch;
  private final ArchivalTools archival;

  MemoryTools(BlockService blocks, ConversationSearchTool conversationSearch, ArchivalTools archival) {
    this.blocks = blocks;
    this.conversationSearch = conversationSearch;
    this.archival = archival;
  }

  /**
   * Runs one call in the caller's transaction, so a block edit commits together with its execution log
   * row. Throws {@link ToolException} with the text the agent reads when the call cannot be applied; that
   * must not doom the transaction, which still records the error for replays.
   */
  @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = ToolException.class)
  public ToolExecutionResult run(ToolExecutionRequest request) {
    String tool = request.toolName();
    String agentId = request.agentId();
    ToolArguments args = ToolArguments.parse(tool, request.arguments());
    String editor = "agent:" + agentId + ":" + request.runId() + ":" + request.toolCallId();
    return switch (tool) {
      case "memory_replace" -> {
        String label = args.requiredString("label");
        String oldString = args.requiredString("old_string", "old_str");
        String newString = args.requiredString("new_string", "new_str");
        BlockEntity block = editable(agentId, label);
        yield commit(block, MemoryEdits.replaceUnique(label, block.value(), oldString, newString), editor);
      }
      case "memory_insert" -> {
        String label = args.requiredString("label");
        String newString = args.requiredString("new_string", "new_str");
        Integer insertLine = args.optionalInt("insert_line");
        BlockEntity block = editable(agentId, label);
        yield commit(block, MemoryEdits.insertLines(block.value(), newString, insertLine == null ? -1 : insertLine),
            editor);
      }
      case "memory_rethink" -> {
        String label = args.requiredString("label");
        String newMemory = args.requiredString("new_memory");
        BlockEntity block = editable(agentId, label);
        yield commit(block, MemoryEdits.rethink(newMemory), editor);
      }
      case "core_memory_append" -> {
        String label = args.requiredString("label");
        String content = args.requiredString("content");
        BlockEntity block = editable(agentId, label);
        yield commit(block, MemoryEdits.append(block.value(), content), editor);
      }
      case "core_memory_replace" -> {
        String label = args.requiredString("label");
        String oldContent = args.requiredString("old_content");
        String newContent = args.requiredString("new_content");
        BlockEntity block = editable(agentId, label);
        yield commit(block, MemoryEdits.replaceAll(label, block.value(), oldContent, newContent), editor);
      }
      // A marker that ends a sleep-time agent's edits; Letta returns None, which the agent reads as "None".
      case "memory_finish_edits" -> ToolExecutionResult.success("None");
      case "conversation_search" -> ToolExecutionResult.success(conversationSearch.search(agentId, args));
      case "archival_memory_insert", "archival_memory_search" ->
          ToolExecutionResult.success(archival.run(tool, agentId, args));
      default -> throw new IllegalArgumentException("Not a memory tool: " + tool);
    };
  }

  private BlockEntity editable(String agentId, String label) {
    BlockEntity block = blocks.lockForEdit(agentId, label).orElseThrow(() -> new ToolException(
        "Block field " + label + " does not exist (available sections = "
            + String.join(", ", blocks.labels(agentId)) + ")"));
    if (block.readOnly()) {
      throw new ToolException(MemoryEdits.READ_ONLY_ERROR);
    }
    return block;
  }

  private ToolExecutionResult commit(BlockEntity block, String newValue, String editor) {
    MemoryEdits.checkLimit(block.label(), newValue, block.limit());
    if (!newValue.equals(block.value())) {
      blocks.writeValue(block, newValue, editor);
    }
    return ToolExecutionResult.success("The core memory block with label `" + block.label() + "` has been "
        + "successfully edited. Your system prompt has been recompiled with the updated memory contents and is now "
        + "active in your context. Review the changes and make sure they are as expected (correct indentation, no "
        + "duplicate lines, etc). Edit the memory block again if necessary.\n\n"
        + "The memory block `" + block.label() + "` now contains:\n" + newValue);
  }
}
