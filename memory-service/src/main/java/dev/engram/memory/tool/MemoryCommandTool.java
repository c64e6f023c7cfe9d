package dev.engram.memory.tool;

import dev.engram.memory.block.BlockEntity;
import dev.engram.memory.block.Editor;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Letta's {@code memory} tool: blocks addressed as files under {@code /memories/}, with the commands
 * create, str_replace, insert, delete and rename.
 */
@ApplicationScoped
public class MemoryCommandTool {
  private final AgentBlocks blocks;

  MemoryCommandTool(AgentBlocks blocks) {
    this.blocks = blocks;
  }

  /** Runs one command and returns what the agent reads. */
  String run(MemoryScope scope, ToolArguments args, Editor editor) {
    String command = args.requiredString("command");
    String path = args.optionalString("path");
    return switch (command) {
      case "create" -> {
        require(path, "path", command);
        String description = require(args.optionalString("description"), "description", command);
        String text = args.optionalString("file_text");
        String label = label(path, false);
        blocks.create(scope, label, text == null ? "" : text, description, editor);
        yield "Successfully created memory block '" + label + "'. Your system prompt has been recompiled with the new "
            + "memory block and is now active in your context.";
      }
      case "str_replace" -> {
        require(path, "path", command);
        String oldString = require(args.optionalString("old_string"), "old_string", command);
        String newString = require(args.optionalString("new_string"), "new_string", command);
        String label = label(path, false);
        BlockEntity block = blocks.editable(scope, label);
        blocks.commit(block, MemoryEdits.replaceUnique(label, block.value(), oldString, newString), editor);
        yield MemoryTools.EDITED.formatted(label);
      }
      case "insert" -> {
        require(path, "path", command);
        String text = require(args.optionalString("insert_text"), "insert_text", command);
        Integer line = args.optionalInt("insert_line");
        String label = label(path, true);
        BlockEntity block = blocks.editable(scope, label);
        blocks.commit(block, MemoryEdits.insertLines("insert_text", block.value(), text, line == null ? -1 : line),
            editor);
        yield MemoryTools.EDITED.formatted(label);
      }
      case "delete" -> {
        require(path, "path", command);
        String label = label(path, true);
        BlockEntity block = editableOr("delete", scope, label);
        blocks.detach(scope, block, editor);
        yield "Successfully deleted memory block '" + label + "'. Your system prompt has been recompiled without "
            + "this memory block and is now active in your context.";
      }
      case "rename" -> rename(scope, args, path, editor);
      default -> throw new ToolException("Error: Unknown command '" + command
          + "'. Supported commands: create, str_replace, insert, delete, rename");
    };
  }

  private String rename(MemoryScope scope, ToolArguments args, String path, Editor editor) {
    String description = args.optionalString("description");
    String oldPath = args.optionalString("old_path");
    String newPath = args.optionalString("new_path");
    if (notEmpty(path) && notEmpty(description)) {
      String label = label(path, true);
      BlockEntity block = editableOr("update_description", scope, label);
      blocks.write(scope, block, withLabelAndDescription(block, block.label(), description), editor);
      return "Successfully updated description of memory block '" + label + "'. Your system prompt has been "
          + "recompiled with the updated description and is now active in your context.";
    }
    if (notEmpty(oldPath) && notEmpty(newPath)) {
      String oldLabel = label(oldPath, true);
      String newLabel = label(newPath, true);
      BlockEntity block = editableOr("rename", scope, oldLabel);
      if (newLabel.isBlank()) {
        throw new ToolException("Error performing rename: the new path names no memory block");
      }
      blocks.write(scope, block, withLabelAndDescription(block, newLabel, block.description()), editor);
      return "Successfully renamed memory block '" + oldLabel + "' to '" + newLabel + "'. Your system prompt has "
          + "been recompiled with the renamed memory block and is now active in your context.";
    }
    throw new ToolException("Error: path and description are required for update_description command, or old_path "
        + "and new_path are required for rename command");
  }

  /** The block for a delete/rename; Letta prefixes those commands' failures with the operation. */
  private BlockEntity editableOr(String operation, MemoryScope scope, String label) {
    try {
      return blocks.editable(scope, label);
    } catch (ToolException e) {
      throw new ToolException("Error performing " + operation + ": " + e.getMessage());
    }
  }

  /**
   * The block label a path names: {@code /memories/} or a leading {@code /} is dropped; create and
   * str_replace keep inner slashes, the other commands turn them into underscores (as Letta does).
   */
  static String label(String path, boolean flattenSlashes) {
    String label = path.startsWith("/memories/") ? path.substring("/memories/".length())
        : path.startsWith("/") ? path.substring(1) : path;
    return flattenSlashes ? label.replace('/', '_') : label;
  }

  private static BlockEntity withLabelAndDescription(BlockEntity b, String label, String description) {
    return new BlockEntity(b.id(), label, b.value(), b.limit(), description, b.readOnly(), b.metadata(), b.tags(),
        b.hidden(), b.isTemplate(), b.templateName(), b.projectId(), b.preserveOnMigration(), b.createdById(),
        b.lastUpdatedById(), b.createdAt(), b.updatedAt());
  }

  private static String require(String value, String name, String command) {
    if (value == null) {
      throw new ToolException("Error: " + name + " is required for " + command + " command");
    }
    return value;
  }

  private static boolean notEmpty(String s) {
    return s != null && !s.isEmpty();
  }
}
