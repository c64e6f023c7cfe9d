package dev.engram.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresTest {

  @Test
  void throwawayClusterRoundTripsSqlAndIsDeletedOnClose() throws Exception {
    Path root;
    try (EmbeddedPostgres pg = EmbeddedPostgres.start(null, 0, false)) {
      root = pg.dataDir().getParent();
      pg.createDatabaseIfMissing("roundtrip");
      pg.createDatabaseIfMissing("roundtrip");
      assertThat(pg.jdbcUrl("roundtrip")).isEqualTo("jdbc:postgresql://127.0.0.1:" + pg.port() + "/roundtrip");
      try (Connection c = DriverManager.getConnection(pg.jdbcUrl("roundtrip"), "postgres", "anything");
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE note (id bigint PRIMARY KEY, body jsonb NOT NULL)");
        s.execute("INSERT INTO note VALUES (1, '{\"text\": \"héllo\"}')");
        try (ResultSet rs = s.executeQuery("SELECT body->>'text', version() FROM note WHERE id = 1")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).isEqualTo("héllo");
          assertThat(rs.getString(2)).startsWith("PostgreSQL 17.");
        }
        try (ResultSet rs = s.executeQuery("SHOW max_connections")) {
          rs.next();
          assertThat(rs.getString(1)).isEqualTo("300");
        }
      }
    }
    assertThat(root).doesNotExist();
  }

  @Test
  void persistentClusterKeepsDataAcrossRestarts(@TempDir Path dir) throws Exception {
    Path data = Files.createDirectories(dir.resolve("postgres"));
    try (EmbeddedPostgres pg = EmbeddedPostgres.start(data, 0, true);
        Connection c = pg.connect("postgres");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE agent (id text PRIMARY KEY)");
      s.execute("INSERT INTO agent VALUES ('agt_yesterday')");
      try (ResultSet rs = s.executeQuery("SHOW fsync")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("on");
      }
    }
    assertThat(data.resolve("PG_VERSION")).exists();
    assertThat(data.resolve("postmaster.pid")).doesNotExist();
    try (EmbeddedPostgres pg = EmbeddedPostgres.start(data, 0, true);
        Connection c = pg.connect("postgres");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM agent")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("agt_yesterday");
    }
    assertThat(dir.resolve("postgres.log")).exists();
    try (var leftovers = Files.list(dir)) {
      assertThat(leftovers.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("postgres", "postgres.log");
    }
  }
  /**
   * A terminal's Ctrl-C sends SIGINT to every process of the launcher's process group. The postmaster runs
   * in a session of its own and the wrapper ignores SIGINT, so the server stays up until its owner closes
   * it, after the services that still commit while they stop.
   */
  @Test
  @EnabledOnOs(OS.LINUX)
  void interruptOfTheLaunchersProcessGroupDoesNotStopTheServer() throws Exception {
    try (EmbeddedPostgres pg = EmbeddedPostgres.start(null, 0, false)) {
      long postmaster = Long.parseLong(Files.readAllLines(pg.dataDir().resolve("postmaster.pid")).get(0).trim());
      long ownSession = session(ProcessHandle.current().pid());
      assertThat(session(postmaster)).isNotEqualTo(ownSession);

      // What the terminal reaches: the wrapper and whatever of its tree still shares this JVM's session.
      List<Long> group = new ArrayList<>();
      group.add(pg.wrapper().pid());
      pg.wrapper().descendants().map(ProcessHandle::pid).filter(p -> session(p) == ownSession).forEach(group::add);
      for (long pid : group) {
        new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor();
      }
      Thread.sleep(500);

      assertThat(pg.wrapper().isAlive()).isTrue();
      try (Connection c = pg.connect("postgres");
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT 1")) {
        assertThat(rs.next()).isTrue();
      }
    }
  }

  /** The session id of a process, field 6 of /proc/PID/stat. */
  private static long session(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[3]);
    } catch (java.io.IOException e) {
      return -1;
    }
  }
}
