package dev.engram.local;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points a {@code @QuarkusTest} at the JVM's shared embedded PostgreSQL (database from init arg {@code database}) and Kafka. */
public class EngramInfraTestResource implements QuarkusTestResourceLifecycleManager {
  /** Init arg naming the database to create and connect to. */
  public static final String DATABASE_ARG = "database";
  /** Database used when no {@code database} init arg is given. */
  public static final String DEFAULT_DATABASE = "engram";

  private String database = DEFAULT_DATABASE;

  @Override
  public void init(Map<String, String> initArgs) {
    String requested = initArgs.get(DATABASE_ARG);
    if (requested != null && !requested.isBlank()) {
      database = requested;
    }
  }

  @Override
  public Map<String, String> start() {
    EngramInfra infra = EngramInfra.shared();
    infra.createDatabase(database);
    return Map.of(
        "quarkus.datasource.jdbc.url", infra.jdbcUrl(database),
        // Trust authentication: the server accepts any password, Quarkus just wants one set.
        "quarkus.datasource.username", "postgres",
        "quarkus.datasource.password", "postgres",
        "kafka.bootstrap.servers", infra.bootstrapServers(),
        "mp.messaging.connector.smallrye-kafka.bootstrap.servers", infra.bootstrapServers());
  }

  @Override
  public void stop() {
    // The servers live for the whole JVM so that later test classes reuse them.
  }
}
