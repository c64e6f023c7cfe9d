package dev.engram.contracts.api;

import java.util.Map;

/**
 * A tool the client runs itself, offered to the model for one request ({@code client_tools}, Letta's
 * {@code ClientToolSchema}): a call to it stops the run with {@code requires_approval} and the client answers
 * with the tool's return.
 */
public record ClientTool(String name, String description, Map<String, Object> parameters) {
}
