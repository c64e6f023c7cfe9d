package dev.engram.agentapi.agent;

import dev.engram.platform.rest.ApiException;
import java.util.List;

/** Letta's agent types and the instructions an agent of each type gets when created without a system prompt. */
public final class AgentTypes {
  public static final String LETTA_V1 = "letta_v1_agent";
  public static final String MEMGPT = "memgpt_agent";
  public static final String MEMGPT_V2 = "memgpt_v2_agent";
  public static final String REACT = "react_agent";
  public static final String WORKFLOW = "workflow_agent";
  public static final String SPLIT_THREAD = "split_thread_agent";
  public static final String SLEEPTIME = "sleeptime_agent";
  public static final String VOICE_CONVO = "voice_convo_agent";
  public static final String VOICE_SLEEPTIME = "voice_sleeptime_agent";

  /** Every type Letta accepts, in its schema's order. */
  public static final List<String> ALL = List.of(
      MEMGPT, MEMGPT_V2, LETTA_V1, REACT, WORKFLOW, SPLIT_THREAD, SLEEPTIME, VOICE_CONVO, VOICE_SLEEPTIME);

  private static final String MEMORY_NOTE = "Your core memory blocks are shown below; they are all you remember "
      + "between conversations unless you search your history. When you learn something worth keeping about the "
      + "user or yourself, update the relevant block with your memory tools right away.";

  /** Checks a requested type; 422 (as Letta's schema validation) if it is not one of {@link #ALL}. */
  public static String validate(String type) {
    if (!ALL.contains(type)) {
      throw ApiException.unprocessable("agent_type: Input should be " + String.join(", ", ALL.stream()
          .map(t -> "'" + t + "'").toList()));
    }
    return type;
  }

  /** The default system prompt of a type (our own words). */
  public static String defaultSystem(String type) {
    return switch (type) {
      case MEMGPT, MEMGPT_V2, SPLIT_THREAD, VOICE_CONVO -> "You are a helpful companion with a long-term memory. "
          + "Think before you act; the user only sees what you pass to send_message, so always reply with it. "
          + MEMORY_NOTE;
      case REACT -> "You are a helpful assistant that solves tasks step by step. Use the tools you have when they "
          + "help, look at their results, and answer the user directly once you are done.";
      case WORKFLOW -> "You carry out one task per request with the tools you have, then report the result. "
          + "You do not keep a conversation between requests.";
      case SLEEPTIME, VOICE_SLEEPTIME -> "You maintain the memory of another agent while it rests. Read the "
          + "conversation you are given, fold what matters into its memory blocks (merge, correct, remove stale "
          + "facts), and call memory_finish_edits when the blocks are up to date.";
      default -> "You are a helpful assistant with a persistent memory. Answer the user directly and concisely. "
          + MEMORY_NOTE + " Use conversation_search to recall earlier parts of the conversation.";
    };
  }

  private AgentTypes() {
  }
}
