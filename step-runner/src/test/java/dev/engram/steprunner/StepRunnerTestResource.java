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
 * Kafka, the scripted model server over HTTP, and memory-service as its own process (its Quarkus
 * build from the reactor, which builds memory-service before step-runner).
 */
public class StepRunnerTestResource implements QuarkusTestResourceLifecycleManager {
  /** The scripted model of the running test, for latency changes. */
  public static volatile ScriptedModelServer model;
  private Process memoryService;

  @Override
  public Map<String, String> start() {
    EngramInfra infra = EngramInfra.shared();
    infra.createDatabase("step_runner");
    infra.createDatabase("memory");
    model = ScriptedModelServer.start(ScriptedModelServer.Options.defaults());
    int memoryPort = freePort();
    memoryService = startMemoryService(infra, memoryPort);
    return Map.of(
        "quarkus.datasource.jdbc.url", infra.jdbcUrl("step_runner"),
        "quarkus.datasource.username", "postgres",
        "quarkus.datasource.password", "postgres",
        "kafka.bootstrap.servers", infra.bootstrapServers(),
        "mp.messaging.connector.smallrye-kafka.bootstrap.servers", infra.bootstrapServers(),
        "quarkus.rest-client.memory-service.url", "http://127.0.0.1:" + memoryPort,
        "engram.llm.scripted.base-url", model.baseUrl(),
        "engram.step-runner.instance-id", "step-runner-test");
  }

  private static Process startMemoryService(EngramInfra infra, int port) {
    Path jar = Path.of("../memory-service/target/quarkus-app/quarkus-run.jar").toAbsolutePath().normalize();
    if (!Files.exists(jar)) {
      throw new IllegalStateException("Missing " + jar + ": build memory-service first (./mvnw install)");
    }
    try {
      Path log = Files.createTempFile("memory-service-", ".log");
      ProcessBuilder pb = new ProcessBuilder(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx768m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED",
          "--add-modules=jdk.incubator.vector", "-jar",
          jar.toString()));
      pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
      pb.environment().put("ENGRAM_DB_URL", infra.jdbcUrl("memory"));
      pb.environment().put("KAFKA_BOOTSTRAP_SERVERS", infra.bootstrapServers());
      pb.redirectErrorStream(true).redirectOutput(log.toFile());
      Process process = pb.start();
      HttpClient http = HttpClient.newHttpClient();
      HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException("memory-service exited: " + Files.readString(log));
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
      throw new IllegalStateException("memory-service not ready in time: " + Files.readString(log));
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
      memoryService.destroy();
      try {
        memoryService.waitFor(Duration.ofSeconds(20).toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (model != null) {
      model.close();
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
