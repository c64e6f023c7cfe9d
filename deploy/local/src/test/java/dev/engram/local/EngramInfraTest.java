package dev.engram.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngramInfraTest {

  @Test
  void sharedInfraBacksTheQuarkusTestResource() throws Exception {
    EngramInfra infra = EngramInfra.shared();
    assertThat(EngramInfra.shared()).isSameAs(infra);

    EngramInfraTestResource resource = new EngramInfraTestResource();
    resource.init(Map.of("database", "memory"));
    Map<String, String> config = resource.start();
    resource.stop();

    assertThat(config)
        .containsEntry("quarkus.datasource.jdbc.url", infra.jdbcUrl("memory"))
        .containsEntry("quarkus.datasource.username", "postgres")
        .containsEntry("quarkus.datasource.password", "postgres")
        .containsEntry("kafka.bootstrap.servers", infra.bootstrapServers())
        .containsEntry("mp.messaging.connector.smallrye-kafka.bootstrap.servers", infra.bootstrapServers());
    try (Connection c = DriverManager.getConnection(config.get("quarkus.datasource.jdbc.url"),
        config.get("quarkus.datasource.username"), config.get("quarkus.datasource.password"));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT current_database()")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("memory");
    }
    assertThat(System.getProperty(EngramInfra.BOOTSTRAP_SERVERS_PROPERTY)).isEqualTo(infra.bootstrapServers());

    infra.close();
    infra.createDatabase("still_up_after_close");

    EngramInfraTestResource byDefault = new EngramInfraTestResource();
    byDefault.init(Map.of());
    assertThat(byDefault.start().get("quarkus.datasource.jdbc.url")).isEqualTo(infra.jdbcUrl("engram"));
  }
}
