package dev.engram.memory.tool;

import dev.engram.contracts.api.ToolExecutionRequest;
import dev.engram.contracts.api.ToolExecutionResult;
import dev.engram.memory.archival.ArchivalTools;
import dev.engram.memory.block.BlockEntity;
import dev.engram.memory.block.Editor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Set;

/** Letta's memory tools and conversation_search, executed against this service's blocks and recall index. */
@ApplicationScoped
public class MemoryTools {
  /** Every tool this service executes. */
  public static final Set<String> NAMES = Set.of("memory_replace", "memory_insert", "memory_rethink",
      "memory_finish_edits", "core_memory_append", "core_memory_replace", "memory", "memory_apply_patch",
      "conversation_search", "archival_memory_insert", "archival_memory_search");

  /** Letta's answer after a successful single-block edit. */
  static final String EDITED = "The core memory block with label `%s` has been successfully edited. Your system "
      + "prompt has been recompiled with the updated memory contents and is now active in your context. Review the "
      + "changes and make sure they are as expected (correct indentation, no duplicate lines, etc). Edit the memory "
      + "block again if necessary.";

  private final AgentBlocks blocks;
  private final ConversationSearchTool conversationSearch;
  private final MemoryCommandTool memoryCommand;
  private final MemoryPatchTool memoryPatch;
  private final ArchivalTools archival;

  MemoryTools(AgentBlocks blocks, ConversationSearchTool conversationSearch, MemoryCommandTool memoryCommand,
      MemoryPatchTool memoryPatch, ArchivalTools archival) {
    this.blocks = blocks;
    this.conversationSearch = conversationSearch;
    this.memoryCommand = memoryCommand;
    this.memoryPatch = memoryPatch;
    this.archival = archival;
  }

  /**
   * Runs one call in the caller's transaction, so a block edit commits together with its execution log
   * row. Throws {@link ToolException} with the text the agent reads when the call cannot be applied; the
   * caller then rolls back whatever the call wrote.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public ToolExecutionResult run(ToolExecutionRequest request) {
    String tool = request.toolName();
    String agentId = request.agentId();
    ToolArguments args = ToolArguments.parse(tool, request.arguments());
    Editor editor = Editor.agent(agentId, request.runId(), request.toolCallId(), tool);
    MemoryScope scope = new MemoryScope(agentId, request.conversationId());
    return switch (tool) {
      case "memory_replace" -> {
        String label = args.requiredString("label");
        String oldString = args.requiredString("old_string", "old_str");
        String newString = args.requiredString("new_string", "new_str");
        BlockEntity block = blocks.editable(scope, label);
        blocks.commit(block, MemoryEdits.replaceUnique(label, block.value(), oldString, newString), editor);
        yield edited(label);
      }
      case "memory_insert" -> {
        String label = args.requiredString("label");
        String newString = args.requiredString("new_string", "new_str");
        Integer insertLine = args.optionalInt("insert_line");
        BlockEntity block = blocks.editable(scope, label);
        blocks.commit(block, MemoryEdits.insertLines("new_string", block.value(), newString,
            insertLine == null ? -1 : insertLine), editor);
        yield edited(label);
      }
      case "memory_rethink" -> {
        String label = args.requiredString("label");
        String newMemory = args.requiredString("new_memory");
        BlockEntity block = blocks.editable(scope, label);
        blocks.commit(block, MemoryEdits.rethink(newMemory), editor);
        yield edited(label);
      }
      // Letta's two legacy edit tools return None, which the agent reads as "None".
      case "core_memory_append" -> {
        String label = args.requiredString("label");
        String content = args.requiredString("content");
        BlockEntity block = blocks.editable(scope, label);
        blocks.commit(block, MemoryEdits.append(block.value(), content), editor);
        yield ToolExecutionResult.success("None");
      }
      case "core_memory_replace" -> {
        String label = args.requiredString("label");
        String oldContent = args.requiredString("old_content");
        String newContent = args.requiredString("new_content");
        BlockEntity block = blocks.editable(scope, label);
        blocks.commit(block, MemoryEdits.replaceAll(label, block.value(), oldContent, newContent), editor);
        yield ToolExecutionResult.success("None");
      }
      case "memory" -> ToolExecutionResult.success(memoryCommand.run(scope, args, editor));
      case "memory_apply_patch" -> ToolExecutionResult.success(memoryPatch.run(scope, args, editor));
      // A marker that ends a sleep-time agent's edits; Letta returns None.
      case "memory_finish_edits" -> ToolExecutionResult.success("None");
      case "conversation_search" -> ToolExecutionResult.success(conversationSearch.search(agentId, request.timezone(),
          args));
      case "archival_memory_insert", "archival_memory_search" ->
          ToolExecutionResult.success(archival.run(tool, agentId, request.embedding(), args));
      default -> throw new IllegalArgumentException("Not a memory tool: " + tool);
    };
  }

  private ToolExecutionResult edited(String label) {
    return ToolExecutionResult.success(EDITED.formatted(label));
  }
}
