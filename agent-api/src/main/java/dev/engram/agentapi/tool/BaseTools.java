package dev.engram.agentapi.tool;

import dev.engram.agentapi.agent.AgentTypes;
import dev.engram.contracts.api.ToolDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in tools every server has and the default tool set of each agent type. Schemas keep
 * Letta's parameter names and types (clients and agent files depend on them); descriptions are ours.
 */
public final class BaseTools {
  public static final String SEND_MESSAGE = "send_message";
  public static final String CONVERSATION_SEARCH = "conversation_search";
  public static final String CORE_MEMORY_APPEND = "core_memory_append";
  public static final String CORE_MEMORY_REPLACE = "core_memory_replace";
  public static final String MEMORY_REPLACE = "memory_replace";
  public static final String MEMORY_INSERT = "memory_insert";
  public static final String MEMORY_RETHINK = "memory_rethink";
  public static final String MEMORY_FINISH_EDITS = "memory_finish_edits";
  public static final String MEMORY = "memory";
  public static final String MEMORY_APPLY_PATCH = "memory_apply_patch";
  public static final String ARCHIVAL_MEMORY_INSERT = "archival_memory_insert";
  public static final String ARCHIVAL_MEMORY_SEARCH = "archival_memory_search";
  public static final String RUN_CODE = "run_code";
  public static final String WEB_SEARCH = "web_search";
  public static final String FETCH_WEBPAGE = "fetch_webpage";
  public static final String SEND_TO_AGENT_AND_WAIT = "send_message_to_agent_and_wait_for_reply";
  public static final String SEND_TO_AGENT_ASYNC = "send_message_to_agent_async";
  public static final String SEND_TO_AGENTS_MATCHING_TAGS = "send_message_to_agents_matching_tags";
  /** Letta's tool type of built-in tools tool-executor runs (code, web). */
  public static final String LETTA_BUILTIN = "letta_builtin";
  /** Letta's tool type of the tools agents use to message each other. */
  public static final String LETTA_MULTI_AGENT_CORE = "letta_multi_agent_core";

  /** Every base tool, in registry order. */
  public static final List<BaseTool> ALL = List.of(
      tool(SEND_MESSAGE, ToolDefinition.LETTA_CORE, false,
          "Send a reply to the user. The message is shown to the user as your answer.",
          params(required("message", string("The text of the reply.")))),
      tool(CONVERSATION_SEARCH, ToolDefinition.LETTA_CORE, true,
          "Search the stored history of your conversation with the user (recall memory), including messages "
              + "that are no longer in your context window. Matches by keywords and meaning.",
          params(
              optional("query", string("What to look for; leave out to list messages by date only.")),
              optional("roles", Map.of("type", "array",
                  "items", Map.of("type", "string", "enum", List.of("assistant", "user", "tool")),
                  "description", "Only return messages of these roles.")),
              optional("limit", integer("Largest number of results to return (default 5).")),
              optional("start_date", string("Earliest date to include, as YYYY-MM-DD or YYYY-MM-DDTHH:MM.")),
              optional("end_date", string("Latest date to include, as YYYY-MM-DD or YYYY-MM-DDTHH:MM; a date "
                  + "alone includes that whole day.")))),
      tool(CORE_MEMORY_APPEND, ToolDefinition.LETTA_MEMORY_CORE, false,
          "Add text to the end of one of your core memory blocks, on a new line.",
          params(required("label", string("Label of the memory block to extend.")),
              required("content", string("Text to add at the end of the block.")))),
      tool(CORE_MEMORY_REPLACE, ToolDefinition.LETTA_MEMORY_CORE, false,
          "Replace every occurrence of some text in one of your core memory blocks.",
          params(required("label", string("Label of the memory block to edit.")),
              required("old_content", string("Exact text to find in the block.")),
              required("new_content", string("Text to put in its place; empty to delete it.")))),
      tool(MEMORY_REPLACE, ToolDefinition.LETTA_SLEEPTIME_CORE, false,
          "Replace one exact passage of a memory block with new text. The passage must occur exactly once; "
              + "copy it without any line-number prefixes.",
          params(required("label", string("Label of the memory block to edit.")),
              required("old_string", string("The exact passage to replace; it must appear once in the block.")),
              required("new_string", string("The text that replaces it; empty to delete the passage.")))),
      tool(MEMORY_INSERT, ToolDefinition.LETTA_SLEEPTIME_CORE, false,
          "Insert text into a memory block after a given line.",
          params(required("label", string("Label of the memory block to edit.")),
              required("new_string", string("The text to insert, without line-number prefixes.")),
              optional("insert_line", integer("Line after which to insert: 0 for the top, -1 (default) for the "
                  + "end.")))),
      tool(MEMORY_RETHINK, ToolDefinition.LETTA_SLEEPTIME_CORE, false,
          "Rewrite a memory block completely, replacing its whole value. Use it to reorganise or condense "
              + "what a block holds.",
          params(required("label", string("Label of the memory block to rewrite.")),
              required("new_memory", string("The complete new value of the block.")))),
      tool(MEMORY_FINISH_EDITS, ToolDefinition.LETTA_SLEEPTIME_CORE, false,
          "Signal that you have finished editing memory for now.",
          params()),
      tool(MEMORY, ToolDefinition.LETTA_MEMORY_CORE, false,
          "Manage your memory blocks as files under /memories/. Commands: create (path, description, optional "
              + "file_text), str_replace (path, old_string, new_string), insert (path, insert_text, optional "
              + "insert_line), delete (path), rename (path + description to change the description, or old_path + "
              + "new_path to change the label).",
          params(required("command", string("One of create, str_replace, insert, delete, rename.")),
              optional("path", string("The block, as /memories/<label>.")),
              optional("file_text", string("create: the new block's initial content.")),
              optional("description", string("create, rename: what the block is for.")),
              optional("old_string", string("str_replace: the exact text to replace; it must occur once.")),
              optional("new_string", string("str_replace: the text that replaces it.")),
              optional("insert_line", integer("insert: line after which to insert (0 = top, -1 = end).")),
              optional("insert_text", string("insert: the text to insert.")),
              optional("old_path", string("rename: the block's current path.")),
              optional("new_path", string("rename: the block's new path.")))),
      tool(MEMORY_APPLY_PATCH, ToolDefinition.LETTA_MEMORY_CORE, false,
          "Edit memory with a unified-diff style patch. With a label, the patch's hunks (' ' context, '-' "
              + "removed, '+' added lines, separated by @@) apply to that block. With an empty label, headers "
              + "'*** Add Block: <label>', '*** Delete Block: <label>', '*** Update Block: <label>' and "
              + "'*** Move to: <new label>' edit several blocks at once.",
          params(required("label", string("The block to patch, or \"\" for a multi-block patch.")),
              required("patch", string("The patch text, without line-number prefixes.")))),
      tool(ARCHIVAL_MEMORY_INSERT, ToolDefinition.LETTA_CORE, false,
          "Store a passage in your archival memory, a long-term store outside your context window that you "
              + "can search by meaning later.",
          params(required("content", string("The text to store; make it self-contained.")),
              optional("tags", Map.of("type", "array", "items", Map.of("type", "string"),
                  "description", "Tags to file the passage under.")))),
      tool(ARCHIVAL_MEMORY_SEARCH, ToolDefinition.LETTA_CORE, true,
          "Search your archival memory by meaning (and keywords), optionally filtered by tags and dates.",
          params(required("query", string("What to look for.")),
              optional("tags", Map.of("type", "array", "items", Map.of("type", "string"),
                  "description", "Only passages with these tags.")),
              optional("tag_match_mode", Map.of("type", "string", "enum", List.of("any", "all"),
                  "description", "Whether a passage needs any (default) or all of the tags.")),
              optional("top_k", integer("Largest number of results (default 5).")),
              optional("start_datetime", string("Earliest creation time to include (ISO 8601).")),
              optional("end_datetime", string("Latest creation time to include (ISO 8601).")))),
      tool(RUN_CODE, LETTA_BUILTIN, true,
          "Run a piece of code in an isolated sandbox (no network, a private scratch directory) and get back what "
              + "it printed, the value of its last expression and any error. Only Python runs on this server.",
          params(required("code", string("The complete program to run.")),
              required("language", Map.of("type", "string", "enum", List.of("python", "js", "ts", "r", "java"),
                  "description", "The language the code is written in.")))),
      tool(WEB_SEARCH, LETTA_BUILTIN, true,
          "Search the web and get the matching pages' titles, addresses and extracts.",
          params(required("query", string("What to search for.")),
              optional("num_results", integer("How many results to return (default 10).")),
              optional("category", Map.of("type", "string", "enum", List.of("company", "research paper", "news",
                  "pdf", "github", "tweet", "personal site", "linkedin profile", "financial report"),
                  "description", "Only results of this kind.")),
              optional("include_text", Map.of("type", "boolean",
                  "description", "Whether to include each page's full text (default false).")),
              optional("include_domains", stringArray("Only results from these domains.")),
              optional("exclude_domains", stringArray("No results from these domains.")),
              optional("start_published_date", string("Earliest publication date (ISO 8601).")),
              optional("end_published_date", string("Latest publication date (ISO 8601).")),
              optional("user_location", string("Two-letter country code to localise results.")))),
      tool(FETCH_WEBPAGE, LETTA_BUILTIN, true,
          "Fetch a web page and get its content as plain text.",
          params(required("url", string("The page's address (http or https).")))),
      tool(SEND_TO_AGENT_AND_WAIT, LETTA_MULTI_AGENT_CORE, false,
          "Send a message to another agent and wait for its reply, which this call returns.",
          params(required("message", string("The message to send, written for the other agent.")),
              required("other_agent_id", string("The id of the agent to message.")))),
      tool(SEND_TO_AGENT_ASYNC, LETTA_MULTI_AGENT_CORE, false,
          "Send a message to another agent without waiting for its reply.",
          params(required("message", string("The message to send, written for the other agent.")),
              required("other_agent_id", string("The id of the agent to message.")))),
      tool(SEND_TO_AGENTS_MATCHING_TAGS, LETTA_MULTI_AGENT_CORE, false,
          "Send a message to every agent whose tags match and collect their replies.",
          params(required("message", string("The message to send, written for the other agents.")),
              required("match_all", stringArray("Tags an agent must all have; empty for no such condition.")),
              required("match_some", stringArray("Tags of which an agent must have at least one; empty for no "
                  + "such condition.")))));

  /** What {@code include_multi_agent_tools} adds to a new agent. */
  public static final List<String> MULTI_AGENT = List.of(SEND_TO_AGENT_AND_WAIT, SEND_TO_AGENT_ASYNC,
      SEND_TO_AGENTS_MATCHING_TAGS);

  private static final Map<String, List<String>> DEFAULTS_BY_TYPE = defaults();

  /** Names of the base tools an agent of {@code agentType} gets when {@code include_base_tools} is true. */
  public static List<String> defaultsFor(String agentType) {
    return DEFAULTS_BY_TYPE.getOrDefault(agentType, List.of());
  }

  private static Map<String, List<String>> defaults() {
    List<String> v1 = List.of(CONVERSATION_SEARCH, MEMORY_INSERT, MEMORY_REPLACE);
    List<String> memgptV2 = List.of(SEND_MESSAGE, CONVERSATION_SEARCH, MEMORY_INSERT, MEMORY_REPLACE);
    List<String> memgpt = List.of(SEND_MESSAGE, CONVERSATION_SEARCH, CORE_MEMORY_APPEND, CORE_MEMORY_REPLACE, MEMORY,
        MEMORY_APPLY_PATCH);
    List<String> sleeptime = List.of(MEMORY_REPLACE, MEMORY_INSERT, MEMORY_RETHINK, MEMORY_FINISH_EDITS);
    Map<String, List<String>> out = new LinkedHashMap<>();
    out.put(AgentTypes.LETTA_V1, v1);
    out.put(AgentTypes.MEMGPT_V2, memgptV2);
    out.put(AgentTypes.MEMGPT, memgpt);
    out.put(AgentTypes.SPLIT_THREAD, memgpt);
    out.put(AgentTypes.VOICE_CONVO, memgpt);
    out.put(AgentTypes.SLEEPTIME, sleeptime);
    out.put(AgentTypes.VOICE_SLEEPTIME, sleeptime);
    out.put(AgentTypes.REACT, List.of());
    out.put(AgentTypes.WORKFLOW, List.of());
    return Map.copyOf(out);
  }

  private record Param(String name, Map<String, Object> schema, boolean required) {
  }

  private static Param required(String name, Map<String, Object> schema) {
    return new Param(name, schema, true);
  }

  private static Param optional(String name, Map<String, Object> schema) {
    return new Param(name, schema, false);
  }

  private static Map<String, Object> string(String description) {
    return Map.of("type", "string", "description", description);
  }

  private static Map<String, Object> integer(String description) {
    return Map.of("type", "integer", "description", description);
  }

  private static Map<String, Object> stringArray(String description) {
    return Map.of("type", "array", "items", Map.of("type", "string"), "description", description);
  }

  private static List<Param> params(Param... params) {
    return List.of(params);
  }

  private static BaseTool tool(String name, String type, boolean parallelSafe, String description,
      List<Param> params) {
    Map<String, Object> properties = new LinkedHashMap<>();
    List<String> required = new ArrayList<>();
    for (Param p : params) {
      properties.put(p.name(), p.schema());
      if (p.required()) {
        required.add(p.name());
      }
    }
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("type", "object");
    parameters.put("properties", properties);
    parameters.put("required", required);
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("name", name);
    schema.put("description", description);
    schema.put("parameters", parameters);
    return new BaseTool(name, type, description, schema, parallelSafe);
  }

  private BaseTools() {
  }
}
