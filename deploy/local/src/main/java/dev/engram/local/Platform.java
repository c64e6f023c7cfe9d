package dev.engram.local;

import dev.engram.contracts.Topics;
import dev.engram.scriptedmodel.ScriptedModelServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The whole platform on one machine: embedded PostgreSQL and Kafka in this JVM, the scripted model
 * server when asked for, and the five services as separate processes (their Quarkus builds under
 * {@code <module>/target/quarkus-app}). Used by the launcher, the end-to-end tests and the benchmarks.
 */
public final class Platform implements AutoCloseable {
  /** The services in start order, with their modules, databases and default ports. */
  public enum Service {
    // The in-process embedding model needs heap to load (its ONNX file is read into memory once), and
    // JVector's SIMD distance functions (archival vector index) the incubating Vector API.
    MEMORY_SERVICE("memory-service", "memory", 8285,
        "-Xmx768m -XX:+UseG1GC -XX:MaxGCPauseMillis=10 --enable-native-access=ALL-UNNAMED "
            + "--add-modules=jdk.incubator.vector"),
    TOOL_EXECUTOR("tool-executor", "tool_executor", 8286, ""),
    SUMMARIZER("summarizer", "summarizer", 8287, ""),
    STEP_RUNNER("step-runner", "step_runner", 8284, ""),
    AGENT_API("agent-api", "agent_api", 8283, "");

    private final String module;
    private final String database;
    private final int defaultPort;
    private final String jvmOptions;

    Service(String module, String database, int defaultPort, String jvmOptions) {
      this.module = module;
      this.database = database;
      this.defaultPort = defaultPort;
      this.jvmOptions = jvmOptions;
    }

    public String module() {
      return module;
    }
  }

  /**
   * How to start: {@code root} is the repository; {@code dataDir} null means throwaway infrastructure
   * on free ports (tests), otherwise persistent data and the default ports; {@code scripted} starts the
   * scripted model server in this JVM and points the services at it.
   */
  public record Options(Path root, Path dataDir, boolean scripted, Ports ports, String serviceJvmOptions,
      Map<String, String> extraEnv, Map<String, String> postgresSettings) {

    /** Options for tests: data in {@code dataDir} (null = throwaway), free ports, the scripted model. */
    public static Options forTests(Path root, Path dataDir) {
      return new Options(root, dataDir, true, Ports.free(), "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1",
          Map.of(), Map.of());
    }

    public Options withEnv(Map<String, String> env) {
      return new Options(root, dataDir, scripted, ports, serviceJvmOptions, env, postgresSettings);
    }

    public Options withPorts(Ports newPorts) {
      return new Options(root, dataDir, scripted, newPorts, serviceJvmOptions, extraEnv, postgresSettings);
    }

    public Options withServiceJvmOptions(String options) {
      return new Options(root, dataDir, scripted, ports, options, extraEnv, postgresSettings);
    }

    /** Server settings for a throwaway PostgreSQL (e.g. {@code shared_preload_libraries}); a persistent one ignores them. */
    public Options withPostgresSettings(Map<String, String> settings) {
      return new Options(root, dataDir, scripted, ports, serviceJvmOptions, extraEnv, settings);
    }
  }

  /** Every port the platform listens on; reuse a started platform's {@link #ports()} to restart it in place. */
  public record Ports(Map<Service, Integer> services, int postgres, int kafka, int scriptedModel) {
    /** The documented defaults: agent-api on 8283, PostgreSQL 54329, Kafka 19092, scripted model 8290. */
    public static Ports defaults() {
      Map<Service, Integer> services = new LinkedHashMap<>();
      for (Service s : Service.values()) {
        services.put(s, s.defaultPort);
      }
      return new Ports(services, 54329, 19092, 8290);
    }

    /** Free ports chosen now, so that a restart can use the same ones. */
    public static Ports free() {
      try {
        Map<Service, Integer> services = new LinkedHashMap<>();
        for (Service s : Service.values()) {
          services.put(s, freePort());
        }
        return new Ports(services, freePort(), freePort(), freePort());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private final Options options;
  private final EngramInfra infra;
  private final ScriptedModelServer scripted;
  private final Map<Service, Integer> ports = new LinkedHashMap<>();
  private final Map<Service, Process> processes = new HashMap<>();
  /** Extra processes of a service started by {@link #startReplica}, stopped with the platform. */
  private final List<Process> replicas = new ArrayList<>();
  private final String internalToken = java.util.UUID.randomUUID().toString();
  private final Path logDir;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Thread closeOnExit = new Thread(this::close, "platform-shutdown");
  private boolean closed;

  private Platform(Options options, EngramInfra infra, ScriptedModelServer scripted, Path logDir) {
    this.options = options;
    this.infra = infra;
    this.scripted = scripted;
    this.logDir = logDir;
    // Service processes outlive this JVM unless stopped: Ctrl-C, even during start, must stop them.
    Runtime.getRuntime().addShutdownHook(closeOnExit);
    // On exit, Kafka and PostgreSQL must outlive the services (which flush and commit while stopping): this
    // platform's hook stops them last instead of their own hooks racing it.
    infra.handOverShutdown();
  }

  /** Starts everything and waits until every service reports ready. */
  public static Platform start(Options options) {
    for (Service s : Service.values()) {
      Path jar = jar(options.root(), s);
      if (!Files.exists(jar)) {
        throw new IllegalStateException("Missing " + jar + ": build first (./mvnw install -DskipTests)");
      }
    }
    Ports ports = options.ports();
    EngramInfra infra = options.dataDir() == null
        ? EngramInfra.startThrowaway(ports.postgres(), ports.kafka(), options.postgresSettings())
        : EngramInfra.startPersistent(options.dataDir(), ports.postgres(), ports.kafka());
    ScriptedModelServer scripted = null;
    Platform platform = null;
    try {
      List<String> topics = new ArrayList<>();
      for (String t : Topics.ALL) {
        topics.add(t);
        topics.add(Topics.deadLetter(t));
      }
      infra.createTopics(topics, 4);
      if (options.scripted()) {
        scripted = ScriptedModelServer.start(ScriptedModelServer.Options.defaults().withPort(ports.scriptedModel()));
      }
      Path logDir = options.dataDir() == null
          ? Files.createTempDirectory("engram-logs")
          : options.dataDir().resolveSibling("logs");
      Files.createDirectories(logDir);
      platform = new Platform(options, infra, scripted, logDir);
      for (Service s : Service.values()) {
        infra.createDatabase(s.database);
        platform.ports.put(s, ports.services().get(s));
      }
      for (Service s : Service.values()) {
        platform.launch(s);
      }
      for (Service s : Service.values()) {
        platform.awaitReady(s, Duration.ofSeconds(180));
      }
      return platform;
    } catch (IOException e) {
      closeQuietly(platform, infra, scripted);
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      closeQuietly(platform, infra, scripted);
      throw e;
    }
  }

  private static void closeQuietly(Platform platform, EngramInfra infra, ScriptedModelServer scripted) {
    if (platform != null) {
      platform.close();
      return;
    }
    if (scripted != null) {
      scripted.close();
    }
    infra.close();
  }

  private static boolean isCollector(String... options) {
    for (String o : options) {
      if (o.startsWith("-XX:+Use") && o.endsWith("GC")) {
        return true;
      }
    }
    return false;
  }

  private static Path jar(Path root, Service s) {
    return root.resolve(s.module).resolve("target/quarkus-app/quarkus-run.jar");
  }

  private void launch(Service s) {
    processes.put(s, launch(s, ports.get(s), s.module, "step-runner-local"));
  }

  /**
   * Starts one more process of {@code s} on a free port against the same PostgreSQL, Kafka and services (a
   * second agent-api replica, say), waits until it is ready and answers its base URL. It is stopped with the
   * platform.
   */
  public synchronized String startReplica(Service s) {
    int port;
    try {
      port = freePort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String name = s.module + "-replica-" + (replicas.size() + 1);
    Process p = launch(s, port, name, "step-runner-local-" + name);
    replicas.add(p);
    String url = "http://127.0.0.1:" + port;
    awaitReady(name, p, url, Duration.ofSeconds(180));
    return url;
  }

  private Process launch(Service s, int port, String name, String stepRunnerInstance) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // The service's own options come last, so they win over the common ones; a service that picks its own
    // garbage collector drops the common one (the JVM refuses two).
    boolean ownCollector = isCollector(s.jvmOptions.split("\\s+"));
    for (String opt : (options.serviceJvmOptions() + " " + s.jvmOptions).trim().split("\\s+")) {
      if (!opt.isEmpty() && !(ownCollector && isCollector(opt) && !s.jvmOptions.contains(opt))) {
        command.add(opt);
      }
    }
    command.add("-jar");
    command.add(jar(options.root(), s).toString());
    ProcessBuilder pb = new ProcessBuilder(command);
    Map<String, String> env = pb.environment();
    env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
    env.put("ENGRAM_DB_URL", infra.jdbcUrl(s.database));
    env.put("KAFKA_BOOTSTRAP_SERVERS", infra.bootstrapServers());
    env.put("ENGRAM_MEMORY_URL", url(Service.MEMORY_SERVICE));
    env.put("ENGRAM_STEP_RUNNER_URL", url(Service.STEP_RUNNER));
    env.put("ENGRAM_TOOL_EXECUTOR_URL", url(Service.TOOL_EXECUTOR));
    env.put("ENGRAM_AGENT_API_URL", url(Service.AGENT_API));
    // Lets tool-executor read agents' secrets from agent-api's internal API; one random token per platform.
    env.put("ENGRAM_INTERNAL_TOKEN", internalToken);
    // A stable instance name lets a restarted step-runner resume its agents without waiting for lease expiry.
    env.put("ENGRAM_STEP_RUNNER_INSTANCE_ID", stepRunnerInstance);
    if (scripted != null) {
      env.put("ENGRAM_SCRIPTED_MODEL_URL", scripted.baseUrl());
    }
    // tool-executor's key for MCP server secrets, generated on first start and kept with the data (ADR 0010).
    env.put("ENGRAM_MCP_KEY_FILE", (options.dataDir() == null ? logDir.resolve("mcp-secret.key")
        : options.dataDir().resolveSibling("mcp-secret.key")).toString());
    env.putAll(options.extraEnv());
    Path log = logDir.resolve(name + ".log");
    pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    try {
      return pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start " + name, e);
    }
  }

  private void awaitReady(Service s, Duration timeout) {
    awaitReady(s.module, processes.get(s), url(s), timeout);
  }

  /** Waits until process {@code p}, called {@code name} in messages and logs, answers ready at {@code url}. */
  private void awaitReady(String name, Process p, String url, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    HttpRequest ready = HttpRequest.newBuilder(URI.create(url + "/q/health/ready"))
        .timeout(Duration.ofSeconds(2)).build();
    while (System.nanoTime() < deadline) {
      if (p == null || !p.isAlive()) {
        throw new IllegalStateException(name + " exited during start; see " + logDir.resolve(name + ".log"));
      }
      try {
        if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // Not listening yet.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for " + name, e);
      }
      try {
        p.waitFor(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for " + name, e);
      }
    }
    throw new IllegalStateException(name + " not ready after " + timeout + "; see "
        + logDir.resolve(name + ".log"));
  }

  /** Base URL of a service, e.g. {@code http://127.0.0.1:8283}. */
  public String url(Service s) {
    return "http://127.0.0.1:" + ports.get(s);
  }

  /** Base URL of the Letta API. */
  public String apiUrl() {
    return url(Service.AGENT_API);
  }

  /** The ports in use; pass them to {@link Options#withPorts} to start this platform again in place. */
  public Ports ports() {
    return options.ports();
  }

  /** The scripted model server, when the platform runs on it. */
  public ScriptedModelServer scripted() {
    return scripted;
  }

  public EngramInfra infra() {
    return infra;
  }

  public Path logDir() {
    return logDir;
  }

  /** Kills a service like a crash would: SIGKILL, no shutdown hooks. */
  public void kill(Service s) {
    Process p = processes.remove(s);
    if (p != null) {
      p.destroyForcibly();
      try {
        p.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Stops a service gracefully (SIGTERM), waiting for it to exit. */
  public void stop(Service s) {
    stop(processes.remove(s));
  }

  private static void stop(Process p) {
    if (p != null) {
      p.destroy();
      try {
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          p.waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
      }
    }
  }

  /** Starts a stopped or killed service again on the same port and waits until it is ready. */
  public void restart(Service s) {
    stop(s);
    launch(s);
    awaitReady(s, Duration.ofSeconds(180));
  }

  /** PID of a running service process. */
  public long pid(Service s) {
    return processes.get(s).pid();
  }

  /** Stops the services (reverse order), the scripted model and the infrastructure. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (Thread.currentThread() != closeOnExit) {
      try {
        Runtime.getRuntime().removeShutdownHook(closeOnExit);
      } catch (IllegalStateException exiting) {
        // The JVM is shutting down already; the hook is running or about to.
      }
    }
    List<Service> reverse = new ArrayList<>(List.of(Service.values()));
    java.util.Collections.reverse(reverse);
    for (Process replica : replicas) {
      stop(replica);
    }
    for (Service s : reverse) {
      Process p = processes.get(s);
      if (p != null) {
        p.destroy();
      }
    }
    try {
      for (Service s : reverse) {
        stop(s);
      }
      if (scripted != null) {
        scripted.close();
      }
    } finally {
      infra.close();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
