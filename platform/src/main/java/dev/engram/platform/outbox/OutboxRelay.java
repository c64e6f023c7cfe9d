package dev.engram.platform.outbox;

import dev.engram.platform.PlatformConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Publishes committed outbox rows to Kafka in id order and deletes them once the broker has
 * acknowledged them. One instance per service database relays at a time (a PostgreSQL advisory
 * lock elects it), so records of one key keep their order across replicas.
 *
 * <p>Each round is one statement: it deletes the rows the previous round published (acknowledged by then) and
 * reads the next ones, leaving those out. A crash before the next round publishes that round's rows again, as a
 * crash between publish and delete always could; consumers are idempotent.
 */
@ApplicationScoped
public class OutboxRelay {
  private final DataSource dataSource;
  private final PlatformConfig config;
  private final String serviceName;
  private final Semaphore signal = new Semaphore(0);
  private final Counter publishedCount;
  private final Timer publishLatency;
  private volatile boolean running;
  /** Ids the last round published and the broker acknowledged, deleted by the next round (relay thread only). */
  private Long[] published = new Long[0];
  private Thread worker;
  private KafkaProducer<String, String> producer;

  OutboxRelay(DataSource dataSource, PlatformConfig config, MeterRegistry meters,
      @ConfigProperty(name = "quarkus.application.name", defaultValue = "engram") String serviceName) {
    this.dataSource = dataSource;
    this.config = config;
    this.serviceName = serviceName;
    this.publishedCount = meters.counter("engram.outbox.published");
    this.publishLatency = meters.timer("engram.outbox.publish");
  }

  void start(@Observes StartupEvent ignored) {
    if (!config.outbox().enabled()) {
      return;
    }
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.outbox().bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    props.put(ProducerConfig.CLIENT_ID_CONFIG, serviceName + "-outbox");
    producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    running = true;
    worker = Thread.ofPlatform().name("outbox-relay").daemon().start(this::loop);
  }

  void stop(@Observes ShutdownEvent ignored) {
    running = false;
    signal.release();
    if (worker != null) {
      try {
        worker.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (producer != null) {
      producer.close(java.time.Duration.ofSeconds(5));
    }
  }

  /** Called after a transaction that wrote outbox rows commits. */
  void wakeUp() {
    signal.release();
  }

  private void loop() {
    long lockKey = ("engram-outbox-" + serviceName).hashCode();
    while (running) {
      try (Connection c = dataSource.getConnection()) {
        c.setAutoCommit(true);
        if (!tryLock(c, lockKey)) {
          signal.tryAcquire(1, TimeUnit.SECONDS);
          continue;
        }
        Log.debugf("Outbox relay of %s is the leader", serviceName);
        try {
          relayWhileLeader(c);
        } finally {
          deletePublished(c);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        if (running) {
          Log.warnf("Outbox relay of %s failed, retrying: %s", serviceName, e.toString());
          sleepQuietly(1_000);
        }
      }
    }
  }

  private void relayWhileLeader(Connection c) throws Exception {
    while (running) {
      int sent = relayBatch(c);
      if (sent < config.outbox().batchSize()) {
        // The table is empty up to what this batch read. A commit after that read released a permit (it wakes
        // the relay after committing), so waiting here misses nothing and spares the select that finds nothing.
        signal.tryAcquire(config.outbox().pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        signal.drainPermits();
      }
    }
  }

  /** Deletes what the last round published (on shutdown or after a failure; the next leader would resend it). */
  private void deletePublished(Connection c) {
    if (published.length == 0) {
      return;
    }
    try (PreparedStatement d = c.prepareStatement("DELETE FROM outbox WHERE id = ANY(?)")) {
      d.setArray(1, c.createArrayOf("bigint", published));
      d.executeUpdate();
    } catch (SQLException e) {
      Log.warnf("Outbox relay of %s could not delete the %d rows it published last; they will be published again "
          + "(consumers are idempotent): %s", serviceName, published.length, e.toString());
    } finally {
      published = new Long[0];
    }
  }

  private static boolean tryLock(Connection c, long key) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
      s.setLong(1, key);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }

  private int relayBatch(Connection c) throws Exception {
    List<Long> ids = new ArrayList<>();
    List<Future<RecordMetadata>> acks = new ArrayList<>();
    long started = System.nanoTime();
    // The SELECT sees the table as it was before the DELETE of the same statement, hence the exclusion.
    try (PreparedStatement s = c.prepareStatement("WITH done AS (DELETE FROM outbox WHERE id = ANY(?)) "
        + "SELECT id, topic, record_key, payload FROM outbox WHERE id <> ALL(?) ORDER BY id LIMIT ?")) {
      Array done = c.createArrayOf("bigint", published);
      s.setArray(1, done);
      s.setArray(2, done);
      s.setInt(3, config.outbox().batchSize());
      try (ResultSet rs = s.executeQuery()) {
        published = new Long[0];
        while (rs.next()) {
          ids.add(rs.getLong(1));
          acks.add(producer.send(new ProducerRecord<>(rs.getString(2), rs.getString(3), rs.getString(4))));
        }
      }
    }
    if (ids.isEmpty()) {
      return 0;
    }
    for (Future<RecordMetadata> ack : acks) {
      ack.get(30, TimeUnit.SECONDS);
    }
    published = ids.toArray(Long[]::new);
    publishedCount.increment(ids.size());
    publishLatency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    return ids.size();
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
