package dev.engram.steprunner;

import dev.engram.local.EngramInfra;
import dev.engram.scriptedmodel.ScriptedModelServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Everything a step-runner component test talks to, for real: the JVM's embedded PostgreSQL and
 * Kafka, the scripted model server over HTTP, and memory-service and the summarizer as their own
 * processes (their Quarkus builds from the reactor: build with {@code -pl memory-service,summarizer,step-runner}).
 * Summaries time out after 8 s here so the summarizer-down test stays short.
 */
public class StepRunnerTestResource implements QuarkusTestResourceLifecycleManager {
  /** The scripted model of the running test, for latency changes. */
  public static volatile ScriptedModelServer model;
  private static volatile Process summarizer;
  private static volatile EngramInfra infra;
  private static volatile String modelUrl;
  private Process memoryService;

  @Override
  public Map<String, String> start() {
    infra = EngramInfra.shared();
    infra.createDatabase("step_runner");
    infra.createDatabase("memory");
    infra.createDatabase("summarizer");
    model = ScriptedModelServer.start(ScriptedModelServer.Options.defaults());
    modelUrl = model.baseUrl();
    int memoryPort = freePort();
    memoryService = startService("memory-service", memoryPort, Map.of("ENGRAM_DB_URL", infra.jdbcUrl("memory")));
    startSummarizer();
    return Map.of(
        "engram.step-runner.summary-timeout", "8s",
        "quarkus.datasource.jdbc.url", infra.jdbcUrl("step_runner"),
        "quarkus.datasource.username", "postgres",
        "quarkus.datasource.password", "postgres",
        "kafka.bootstrap.servers", infra.bootstrapServers(),
        "mp.messaging.connector.smallrye-kafka.bootstrap.servers", infra.bootstrapServers(),
        "quarkus.rest-client.memory-service.url", "http://127.0.0.1:" + memoryPort,
        "engram.llm.scripted.base-url", model.baseUrl(),
        "engram.step-runner.instance-id", "step-runner-test");
  }

  /** Starts the summarizer (its Quarkus build from the reactor) against the shared infra; waits until ready. */
  public static synchronized void startSummarizer() {
    if (summarizer == null || !summarizer.isAlive()) {
      summarizer = startService("summarizer", freePort(), Map.of("ENGRAM_DB_URL", infra.jdbcUrl("summarizer"),
          "ENGRAM_LLM_SCRIPTED_BASE_URL", modelUrl));
    }
  }

  /** Stops the summarizer, so context overflows go unanswered. */
  public static synchronized void stopSummarizer() {
    if (summarizer != null) {
      stopProcess(summarizer);
      summarizer = null;
    }
  }

  private static Process startService(String name, int port, Map<String, String> env) {
    Path jar = Path.of("../" + name + "/target/quarkus-app/quarkus-run.jar").toAbsolutePath().normalize();
    if (!Files.exists(jar)) {
      throw new IllegalStateException("Missing " + jar + ": build " + name + " first (include it in -pl)");
    }
    try {
      Path log = Files.createTempFile(name + "-", ".log");
      ProcessBuilder pb = new ProcessBuilder(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx768m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED",
          "--add-modules=jdk.incubator.vector", "-jar",
          jar.toString()));
      pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
      pb.environment().putAll(env);
      pb.environment().put("KAFKA_BOOTSTRAP_SERVERS", infra.bootstrapServers());
      pb.redirectErrorStream(true).redirectOutput(log.toFile());
      Process process = pb.start();
      HttpClient http = HttpClient.newHttpClient();
      HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException(name + " exited: " + Files.readString(log));
        }
        try {
          if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
            return process;
          }
        } catch (IOException notYet) {
          // Still starting.
        }
        process.waitFor(200, TimeUnit.MILLISECONDS);
      }
      process.destroyForcibly();
      throw new IllegalStateException(name + " not ready in time: " + Files.readString(log));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void stop() {
    if (memoryService != null) {
      stopProcess(memoryService);
    }
    stopSummarizer();
    if (model != null) {
      model.close();
    }
  }

  private static void stopProcess(Process process) {
    process.destroy();
    try {
      process.waitFor(Duration.ofSeconds(20).toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
