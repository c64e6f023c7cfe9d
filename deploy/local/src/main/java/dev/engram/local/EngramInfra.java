package dev.engram.local;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** PostgreSQL plus Kafka together: a JVM-wide throwaway pair for tests, or a persistent pair for the launcher. */
public final class EngramInfra implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(EngramInfra.class.getName());
  /** System property holding the shared PostgreSQL's port once {@link #shared()} has started it. */
  public static final String POSTGRES_PORT_PROPERTY = "engram.infra.postgres.port";
  /** System property holding the shared Kafka's bootstrap servers once {@link #shared()} has started it. */
  public static final String BOOTSTRAP_SERVERS_PROPERTY = "engram.infra.kafka.bootstrap-servers";

  /*
   * Quarkus may load this class more than once (one class loader per application it starts), so
   * a static field alone would start one pair per class loader. The lock and the system properties
   * are JVM-wide: string literals are interned once per JVM, across class loaders.
   */
  private static final Object SHARED_LOCK = "dev.engram.local.EngramInfra.shared";
  private static volatile EngramInfra shared;

  private final EmbeddedPostgres postgres;
  private final EmbeddedKafka kafka;
  private final int postgresPort;
  private final String bootstrapServers;
  private final boolean owned;

  private EngramInfra(EmbeddedPostgres postgres, EmbeddedKafka kafka, int postgresPort, String bootstrapServers,
      boolean owned) {
    this.postgres = postgres;
    this.kafka = kafka;
    this.postgresPort = postgresPort;
    this.bootstrapServers = bootstrapServers;
    this.owned = owned;
  }

  /**
   * The throwaway PostgreSQL and Kafka of this JVM, started on first use on free ports and stopped
   * (their data deleted) by shutdown hooks when the JVM exits; {@link #close()} on it does nothing.
   */
  public static EngramInfra shared() {
    EngramInfra current = shared;
    if (current != null) {
      return current;
    }
    synchronized (SHARED_LOCK) {
      if (shared == null) {
        String port = System.getProperty(POSTGRES_PORT_PROPERTY);
        String bootstrap = System.getProperty(BOOTSTRAP_SERVERS_PROPERTY);
        if (port != null && bootstrap != null) {
          // Started by another class loader's copy of this class, which owns its shutdown.
          shared = new EngramInfra(null, null, Integer.parseInt(port), bootstrap, false);
        } else {
          EngramInfra started = start(null, 0, 0, false, Map.of());
          shared = new EngramInfra(started.postgres, started.kafka, started.postgresPort, started.bootstrapServers,
              false);
          System.setProperty(POSTGRES_PORT_PROPERTY, Integer.toString(shared.postgresPort));
          System.setProperty(BOOTSTRAP_SERVERS_PROPERTY, shared.bootstrapServers);
        }
      }
      return shared;
    }
  }

  /**
   * Starts a private throwaway pair (temp data, fsync off, deleted on close), unlike {@link #shared()}
   * owned and closed by the caller. A port of 0 picks a free one.
   */
  public static EngramInfra startThrowaway(int postgresPort, int kafkaPort) {
    return startThrowaway(postgresPort, kafkaPort, Map.of());
  }

  /** As {@link #startThrowaway(int, int)}, with PostgreSQL server settings added (e.g. a preloaded extension). */
  public static EngramInfra startThrowaway(int postgresPort, int kafkaPort, Map<String, String> postgresSettings) {
    return start(null, postgresPort, kafkaPort, false, postgresSettings);
  }

  /**
   * Starts a persistent pair for the launcher: PostgreSQL data in {@code dataRoot/postgres}, Kafka
   * logs in {@code dataRoot/kafka} (e.g. {@code .engram/data}), both reused by the next start.
   * A port of 0 picks a free one.
   */
  public static EngramInfra startPersistent(Path dataRoot, int postgresPort, int kafkaPort) {
    return start(dataRoot, postgresPort, kafkaPort, true, Map.of());
  }

  private static EngramInfra start(Path dataRoot, int postgresPort, int kafkaPort, boolean persistent,
      Map<String, String> postgresSettings) {
    long started = System.nanoTime();
    // PostgreSQL is a separate process: let it boot while this thread brings Kafka up.
    CompletableFuture<EmbeddedPostgres> pgFuture = CompletableFuture.supplyAsync(() -> EmbeddedPostgres.start(
        persistent ? dataRoot.resolve("postgres") : null, postgresPort, persistent, postgresSettings));
    EmbeddedKafka kafka;
    try {
      kafka = EmbeddedKafka.start(persistent ? dataRoot.resolve("kafka") : null, kafkaPort);
    } catch (RuntimeException e) {
      pgFuture.thenAccept(EmbeddedPostgres::close);
      throw e;
    }
    EmbeddedPostgres postgres;
    try {
      postgres = pgFuture.join();
    } catch (CompletionException e) {
      kafka.close();
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
    LOG.log(Level.INFO, String.format("Engram infrastructure up in %d ms: PostgreSQL on port %d, Kafka on %s",
        (System.nanoTime() - started) / 1_000_000, postgres.port(), kafka.bootstrapServers()));
    return new EngramInfra(postgres, kafka, postgres.port(), kafka.bootstrapServers(), true);
  }

  /** JDBC URL of {@code database}; user {@code postgres}, any password. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + postgresPort + "/" + database;
  }

  /** The TCP port of PostgreSQL on 127.0.0.1. */
  public int postgresPort() {
    return postgresPort;
  }

  /** The {@code host:port} list for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Creates {@code name} unless it exists already. */
  public void createDatabase(String name) {
    EmbeddedPostgres.createDatabaseIfMissing(postgresPort, name);
  }

  /** Creates Kafka topics that do not exist yet (see {@link EmbeddedKafka#createTopics}). */
  public void createTopics(Collection<String> names, int partitions) {
    EmbeddedKafka.createTopics(bootstrapServers, names, partitions);
  }

  /**
   * Leaves stopping both servers to the caller's {@link #close()} (no JVM shutdown hooks of their own), for
   * an owner that stops their clients first; no effect on {@link #shared()}.
   */
  public void handOverShutdown() {
    if (owned) {
      kafka.handOverShutdown();
      postgres.handOverShutdown();
    }
  }

  /** Stops both servers, except on {@link #shared()}, which lives until the JVM exits. */
  @Override
  public void close() {
    if (owned) {
      kafka.close();
      postgres.close();
    }
  }
}
