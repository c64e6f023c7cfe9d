package dev.engram.contracts.message;

import java.util.List;

/** The result of a tool call; the single fields mirror the first return, as Letta's deprecated form. */
public record ToolReturnMessage(
    String id, String date, String name, String otid, String senderId, String stepId, String runId,
    String toolReturn, String status, String toolCallId, List<ToolReturn> toolReturns) implements LettaMessage {
}
