package dev.engram.platform.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Makes consumers idempotent: records each event id in the transaction that applies the event. */
@ApplicationScoped
public class ProcessedEvents {
  /**
   * A CTE named {@code first} that records (consumer, event_id), its two parameters, and has one row only on the
   * event's first delivery: for a statement that applies the event and records it at once, without a transaction.
   */
  public static final String FIRST_DELIVERY_CTE = "first AS (INSERT INTO processed_events (consumer, event_id) "
      + "VALUES (?, ?) ON CONFLICT DO NOTHING RETURNING 1)";

  private final DataSource dataSource;

  ProcessedEvents(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Records that {@code consumer} processed {@code eventId}; false if it already had, in which case
   * the caller must skip the event. Call inside the transaction that applies the event.
   */
  public boolean firstDelivery(String consumer, String eventId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(
            "INSERT INTO processed_events (consumer, event_id) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
      s.setString(1, consumer);
      s.setString(2, eventId);
      return s.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new IllegalStateException("Could not record processed event " + eventId, e);
    }
  }
}
