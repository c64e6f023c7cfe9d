package dev.engram.steprunner.persistence;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.engram.contracts.Json;
import dev.engram.contracts.api.UsageStatistics;
import dev.engram.platform.db.Sql;
import dev.engram.platform.llm.LlmToolCall;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** Reads and writes agents' message history. */
@ApplicationScoped
public class MessageRepository {
  private static final TypeReference<List<LlmToolCall>> TOOL_CALLS = new TypeReference<>() {
  };
  private static final String COLUMNS = "seq, id, agent_id, run_id, step_id, role, content, reasoning, tool_calls, "
      + "tool_call_id, tool_name, tool_status, name, otid, in_context, created_at";

  private final Sql sql;

  MessageRepository(Sql sql) {
    this.sql = sql;
  }

  /** Inserts messages of one conversation in order (their seq order is their insertion order). */
  public void insert(ConversationKey conversation, List<StoredMessage> messages) {
    for (StoredMessage m : messages) {
      sql.update("INSERT INTO messages (id, agent_id, conversation_id, run_id, step_id, role, content, reasoning, "
              + "tool_calls, tool_call_id, tool_name, tool_status, name, otid, in_context) "
              + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          m.id(), conversation.agentId(), conversation.conversationId(), m.runId(), m.stepId(),
          m.role().name().toLowerCase(), m.content(), m.reasoning(),
          m.toolCalls().isEmpty() ? null : new Sql.Json(Json.write(m.toolCalls())), m.toolCallId(), m.toolName(),
          m.toolStatus(), m.name(), m.otid(), m.inContext());
    }
  }

  /**
   * A conversation's current context window: the system message, then a summary of evicted messages if there
   * is one, then the conversation oldest first.
   */
  public List<StoredMessage> inContext(ConversationKey conversation) {
    return sql.query("SELECT " + COLUMNS + " FROM messages WHERE agent_id = ? AND conversation_id = ? AND in_context "
            + "ORDER BY role <> 'system', context_rank, seq", MessageRepository::map, conversation.agentId(),
        conversation.conversationId());
  }

  /** The ids of a conversation's context window, in order. */
  public List<String> inContextIds(ConversationKey conversation) {
    return sql.query("SELECT id FROM messages WHERE agent_id = ? AND conversation_id = ? AND in_context "
            + "ORDER BY role <> 'system', context_rank, seq", rs -> rs.getString(1), conversation.agentId(),
        conversation.conversationId());
  }

  /** A conversation's system message, if it has one yet. */
  public Optional<StoredMessage> systemMessage(ConversationKey conversation) {
    return sql.queryOne("SELECT " + COLUMNS + " FROM messages WHERE agent_id = ? AND conversation_id = ? "
            + "AND role = 'system' AND in_context ORDER BY seq LIMIT 1", MessageRepository::map, conversation.agentId(),
        conversation.conversationId());
  }

  /** One stored message of the agent. */
  public Optional<StoredMessage> find(String agentId, String messageId) {
    return sql.queryOne("SELECT " + COLUMNS + " FROM messages WHERE agent_id = ? AND id = ?", MessageRepository::map,
        agentId, messageId);
  }

  /** Puts a stored message into the context window (an answered approval request joins its tool returns). */
  public void enterContext(String messageId) {
    sql.update("UPDATE messages SET in_context = true WHERE id = ?", messageId);
  }

  /** Rewrites the system message in place (same id), as Letta does when memory changed. */
  public void updateContent(String messageId, String content) {
    sql.update("UPDATE messages SET content = ? WHERE id = ?", content, messageId);
  }

  /** Leaves only the first system message in a conversation's context window; the others stay stored. */
  public void clearContext(ConversationKey conversation) {
    sql.update("UPDATE messages SET in_context = false WHERE agent_id = ? AND conversation_id = ? AND in_context "
            + "AND seq > (SELECT min(seq) FROM messages WHERE agent_id = ? AND conversation_id = ? AND role = 'system' "
            + "AND in_context)", conversation.agentId(), conversation.conversationId(), conversation.agentId(),
        conversation.conversationId());
  }

  /**
   * A run's messages, oldest first, split into what the run was given (its input messages; not the agent's system
   * message, not a compaction summary stored during the run) and what its steps produced; with the usage of the
   * run's journaled steps, summed (one step counts once, committed or not).
   */
  public record RunMessages(List<StoredMessage> inputs, List<StoredMessage> produced, UsageStatistics usage) {
  }

  /** {@link RunMessages} of a run, in one query (a run that stored no message yet still gets its usage row). */
  public RunMessages ofRun(String runId) {
    List<StoredMessage> inputs = new ArrayList<>();
    List<StoredMessage> produced = new ArrayList<>();
    UsageStatistics[] usage = {UsageStatistics.ZERO};
    sql.query("WITH u AS (SELECT coalesce(sum(completion_tokens), 0) AS completion_sum, "
        + "coalesce(sum(prompt_tokens), 0) AS prompt_sum, count(*) AS step_count FROM steps WHERE run_id = ?) "
        + "SELECT " + COLUMNS + ", EXISTS (SELECT 1 FROM compactions c WHERE c.run_id = messages.run_id "
        + "AND c.summary_message_id = messages.id) AS summary, u.completion_sum, u.prompt_sum, u.step_count "
        + "FROM u LEFT JOIN messages ON messages.run_id = ? ORDER BY messages.seq", rs -> {
          int completion = rs.getInt("completion_sum");
          int prompt = rs.getInt("prompt_sum");
          usage[0] = new UsageStatistics(completion, prompt, completion + prompt, rs.getInt("step_count"));
          if (rs.getString("id") == null) {
            return null;
          }
          StoredMessage m = map(rs);
          if (m.stepId() != null) {
            produced.add(m);
          } else if (m.role() != StoredMessage.Role.SYSTEM && !rs.getBoolean("summary")) {
            inputs.add(m);
          }
          return m;
        }, runId, runId);
    return new RunMessages(inputs, produced, usage[0]);
  }

  /** Messages a run produced, oldest first. */
  public List<StoredMessage> byRun(String runId) {
    return sql.query("SELECT " + COLUMNS + " FROM messages WHERE run_id = ? ORDER BY seq", MessageRepository::map,
        runId);
  }

  /** One stored message by id. */
  public Optional<StoredMessage> find(String messageId) {
    return sql.queryOne("SELECT " + COLUMNS + " FROM messages WHERE id = ?", MessageRepository::map, messageId);
  }

  /**
   * One page of a run's messages in {@code seq} order ({@code desc}: newest first), after/before the messages with
   * those ids; an unknown cursor yields an empty optional.
   */
  public Optional<List<StoredMessage>> pageOfRun(String runId, String before, String after, int limit, boolean desc) {
    StringBuilder where = new StringBuilder("run_id = ?");
    List<Object> params = new ArrayList<>();
    params.add(runId);
    for (String[] cursor : new String[][] {{before, desc ? ">" : "<"}, {after, desc ? "<" : ">"}}) {
      if (cursor[0] == null) {
        continue;
      }
      Optional<Long> seq = sql.queryOne("SELECT seq FROM messages WHERE run_id = ? AND id = ?", rs -> rs.getLong(1),
          runId, cursor[0]);
      if (seq.isEmpty()) {
        return Optional.empty();
      }
      where.append(" AND seq ").append(cursor[1]).append(" ?");
      params.add(seq.get());
    }
    params.add(limit);
    return Optional.of(sql.query("SELECT " + COLUMNS + " FROM messages WHERE " + where + " ORDER BY seq "
        + (desc ? "DESC" : "ASC") + " LIMIT ?", MessageRepository::map, params.toArray()));
  }

  /** Number of a conversation's stored messages. */
  public long count(ConversationKey conversation) {
    return sql.queryOne("SELECT count(*) FROM messages WHERE agent_id = ? AND conversation_id = ?",
        rs -> rs.getLong(1), conversation.agentId(), conversation.conversationId()).orElse(0L);
  }

  /** The seq of a message of this agent, for cursors. */
  public Optional<Long> seqOf(String agentId, String messageId) {
    return sql.queryOne("SELECT seq FROM messages WHERE agent_id = ? AND id = ?", rs -> rs.getLong(1), agentId,
        messageId);
  }

  /**
   * One page of history: {@code desc} picks the newest {@code limit} rows before/after the cursors;
   * either way the page is returned oldest first, as Letta lists agent messages. {@code conversationId} null
   * pages the agent's messages of every conversation.
   */
  public List<StoredMessage> page(String agentId, String conversationId, Long beforeSeq, Long afterSeq, int limit,
      boolean desc) {
    StringBuilder where = new StringBuilder("agent_id = ?");
    List<Object> params = new ArrayList<>();
    params.add(agentId);
    if (conversationId != null) {
      where.append(" AND conversation_id = ?");
      params.add(conversationId);
    }
    if (beforeSeq != null) {
      where.append(" AND seq < ?");
      params.add(beforeSeq);
    }
    if (afterSeq != null) {
      where.append(" AND seq > ?");
      params.add(afterSeq);
    }
    params.add(limit);
    List<StoredMessage> rows = sql.query("SELECT " + COLUMNS + " FROM messages WHERE " + where + " ORDER BY seq "
        + (desc ? "DESC" : "ASC") + " LIMIT ?", MessageRepository::map, params.toArray());
    if (desc) {
      rows = new ArrayList<>(rows);
      Collections.reverse(rows);
    }
    return rows;
  }

  /** Deletes an agent's history. */
  public void deleteAgent(String agentId) {
    sql.update("DELETE FROM messages WHERE agent_id = ?", agentId);
  }

  private static StoredMessage map(ResultSet rs) throws SQLException {
    String calls = rs.getString("tool_calls");
    List<LlmToolCall> toolCalls;
    try {
      toolCalls = calls == null ? List.of() : Json.MAPPER.readValue(calls, TOOL_CALLS);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    return new StoredMessage(rs.getLong("seq"), rs.getString("id"), rs.getString("agent_id"), rs.getString("run_id"),
        rs.getString("step_id"), StoredMessage.Role.valueOf(rs.getString("role").toUpperCase()),
        rs.getString("content"), rs.getString("reasoning"), toolCalls, rs.getString("tool_call_id"),
        rs.getString("tool_name"), rs.getString("tool_status"), rs.getString("name"), rs.getString("otid"),
        rs.getBoolean("in_context"), Sql.instant(rs, "created_at"));
  }
}
