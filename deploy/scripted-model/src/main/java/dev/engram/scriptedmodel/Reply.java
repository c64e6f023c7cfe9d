package dev.engram.scriptedmodel;

import java.util.List;

/** What the script decided to answer to one chat completion request. */
sealed interface Reply {
  /** Marks a reply that uses the request or server latency rather than its own. */
  long INHERIT_LATENCY = -1;

  /** Latency in ms before answering, or {@link #INHERIT_LATENCY}. */
  long latencyMillis();

  /** A successful assistant message: text, tool calls, or both. */
  record Answer(String content, List<ToolCall> toolCalls, long latencyMillis) implements Reply {
    public Answer {
      toolCalls = List.copyOf(toolCalls);
    }

    String finishReason() {
      return toolCalls.isEmpty() ? "stop" : "tool_calls";
    }
  }

  /** A scripted failure answered with {@code status} and an OpenAI error body. */
  record Failure(int status, String type, String code, String message, long latencyMillis)
      implements Reply {
  }

  /** One function call of an assistant message; {@code arguments} is the JSON text sent to the client. */
  record ToolCall(String id, String name, String arguments) {
  }
}
