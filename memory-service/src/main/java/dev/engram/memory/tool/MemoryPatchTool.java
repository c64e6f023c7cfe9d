package dev.engram.memory.tool;

import dev.engram.memory.block.BlockEntity;
import dev.engram.memory.block.Editor;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Letta's {@code memory_apply_patch}: a simplified unified diff applied to one block, or (with
 * {@code *** Add/Delete/Update Block:} and {@code *** Move to:} headers) to several. The operations run
 * in the tool call's transaction, so a failing one leaves every block as it was.
 */
@ApplicationScoped
public class MemoryPatchTool {
  private final AgentBlocks blocks;

  MemoryPatchTool(AgentBlocks blocks) {
    this.blocks = blocks;
  }

  /** Applies the patch and returns what the agent reads. */
  String run(MemoryScope scope, ToolArguments args, Editor editor) {
    String label = args.requiredString("label");
    String patch = args.requiredString("patch");
    if (MemoryEdits.hasLineNumberPrefix(patch)) {
      throw new ToolException("Patch contains a line number prefix, which is not allowed. Do not include line numbers "
          + "(they are for display only).");
    }
    if (MemoryEdits.containsLineNumberNote(patch)) {
      throw new ToolException("Patch contains the line number warning banner, which is not allowed. Provide only the "
          + "text to edit.");
    }
    patch = MemoryEdits.expandTabs(patch);
    if (!MemoryPatch.isMultiBlock(patch)) {
      BlockEntity block = blockFor(scope, label);
      blocks.commit(block, MemoryPatch.applyHunks(block.value(), patch), editor);
      return MemoryTools.EDITED.formatted(label);
    }
    List<String> done = new ArrayList<>();
    for (MemoryPatch.Operation op : MemoryPatch.parse(patch)) {
      switch (op) {
        case MemoryPatch.Add add -> {
          blocks.create(scope, add.label(), add.content(), add.description(), editor);
          done.add("Created memory block '" + add.label() + "'");
        }
        case MemoryPatch.Delete delete -> {
          blocks.detach(scope, blockFor(scope, delete.label()), editor);
          done.add("Deleted memory block '" + delete.label() + "'");
        }
        case MemoryPatch.Move move -> {
          BlockEntity block = blockFor(scope, move.from());
          if (blocks.has(scope, move.to())) {
            throw new ToolException("Error: Memory block '" + move.to() + "' already exists");
          }
          blocks.write(scope, block, new BlockEntity(block.id(), move.to(), block.value(), block.limit(),
              block.description(), block.readOnly(), block.metadata(), block.tags(), block.hidden(),
              block.isTemplate(), block.templateName(), block.projectId(), block.preserveOnMigration(),
              block.createdById(), block.lastUpdatedById(), block.createdAt(), block.updatedAt()), editor);
          done.add("Renamed memory block '" + move.from() + "' to '" + move.to() + "'");
        }
        case MemoryPatch.Update update -> {
          BlockEntity block = blockFor(scope, update.label());
          blocks.commit(block, MemoryPatch.applyHunks(block.value(), update.hunks()), editor);
          done.add("Updated memory block '" + update.label() + "'");
        }
      }
    }
    return "Successfully applied memory patch operations. Your system prompt has been recompiled with the updated "
        + "memory contents and is now active in your context.\n\nOperations completed:\n- " + String.join("\n- ", done);
  }

  private BlockEntity blockFor(MemoryScope scope, String label) {
    if (!blocks.has(scope, label)) {
      throw new ToolException("Error: Memory block '" + label + "' does not exist");
    }
    return blocks.editable(scope, label);
  }
}
