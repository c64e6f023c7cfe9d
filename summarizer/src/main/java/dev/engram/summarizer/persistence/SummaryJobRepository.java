package dev.engram.summarizer.persistence;

import dev.engram.platform.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;

/** SQL access to {@code summary_jobs}. */
@ApplicationScoped
public class SummaryJobRepository {
  /** Status of a job that produced a summary. */
  public static final String SUMMARIZED = "summarized";
  /** Status of a job that ended in {@code SummarizationFailed}. */
  public static final String FAILED = "failed";

  private final Sql sql;

  SummaryJobRepository(Sql sql) {
    this.sql = sql;
  }

  /** Whether the request with this event id has been answered. */
  public boolean exists(String requestEventId) {
    return sql.queryOne("SELECT 1 FROM summary_jobs WHERE request_event_id = ?", rs -> true, requestEventId)
        .isPresent();
  }

  /** Records the answer to a request. */
  public void insert(String requestEventId, String agentId, String runId, String status, String summary,
      String error) {
    sql.update("INSERT INTO summary_jobs (request_event_id, agent_id, run_id, status, summary, error) "
        + "VALUES (?, ?, ?, ?, ?, ?)", requestEventId, agentId, runId, status, summary, error);
  }
}
