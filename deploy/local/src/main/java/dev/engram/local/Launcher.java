package dev.engram.local;

import dev.engram.local.Platform.Service;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** {@code ./engram run}: starts the whole platform on local data and stops it cleanly on Ctrl-C. */
public final class Launcher {

  public static void main(String[] args) throws Exception {
    // The embedded broker logs through log4j-api, which has no backend on the launcher's classpath and would
    // say so with an ERROR line at every start; its own simple logger keeps errors and drops the rest.
    if (System.getProperty("log4j2.loggerContextFactory") == null) {
      System.setProperty("log4j2.loggerContextFactory", "org.apache.logging.log4j.simple.SimpleLoggerContextFactory");
    }
    // Likewise its slf4j calls: no backend on purpose (the services log to .engram/logs), so no warning about it.
    if (System.getProperty("slf4j.provider") == null) {
      System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
      System.setProperty("slf4j.internal.verbosity", "WARN");
    }
    boolean reset = false;
    boolean scripted = false;
    Path root = Path.of("").toAbsolutePath();
    for (String arg : args) {
      switch (arg) {
        case "--reset" -> reset = true;
        case "--scripted" -> scripted = true;
        case "-h", "--help" -> {
          System.out.println("usage: ./engram run [--reset] [--scripted]\n"
              + "  --reset     delete local data (.engram/data) first\n"
              + "  --scripted  use the scripted test model even if a real provider is configured");
          return;
        }
        default -> {
          System.err.println("engram: unknown option " + arg + " (try --help)");
          System.exit(2);
        }
      }
    }
    Path data = root.resolve(".engram/data");
    if (reset && Files.exists(data)) {
      deleteTree(data);
      System.out.println("engram: local data deleted");
    }
    Map<String, String> env = System.getenv();
    boolean realProvider = nonBlank(env.get("OPENAI_API_KEY")) || nonBlank(env.get("ANTHROPIC_API_KEY"))
        || nonBlank(env.get("OLLAMA_BASE_URL"));
    boolean useScripted = scripted || !realProvider;
    Files.createDirectories(data);

    System.out.println("engram: starting PostgreSQL, Kafka and five services ...");
    Platform platform = Platform.start(new Platform.Options(root, data, useScripted, Platform.Ports.defaults(),
        "-Xmx384m -XX:+UseSerialGC", Map.of(), Map.of()));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("\nengram: stopping ...")));

    StringBuilder banner = new StringBuilder("\nEngram is running.\n\n");
    for (Service s : Service.values()) {
      banner.append(String.format("  %-15s %s%n", s.module(), platform.url(s).replace("127.0.0.1", "localhost")));
    }
    banner.append(String.format("  %-15s 127.0.0.1:%d   data in %s%n", "PostgreSQL",
        platform.infra().postgresPort(), data.resolve("postgres")));
    banner.append(String.format("  %-15s %s   data in %s%n", "Kafka", platform.infra().bootstrapServers(),
        data.resolve("kafka")));
    banner.append(String.format("  %-15s %s%n", "logs", platform.logDir()));
    if (useScripted) {
      banner.append("\n  !!! No LLM provider configured (OPENAI_API_KEY, ANTHROPIC_API_KEY, OLLAMA_BASE_URL):\n")
          .append("  !!! agents answer from the SCRIPTED TEST MODEL at ").append(platform.scripted().baseUrl())
          .append(",\n  !!! model handle 'scripted/scripted-model'. It echoes; it is not a real LLM.\n");
    }
    banner.append("\nPoint the Letta SDK or CLI at it:\n")
        .append("  export LETTA_BASE_URL=http://localhost:8283\n")
        .append("  new Letta({ baseURL: 'http://localhost:8283' })       // @letta-ai/letta-client\n")
        .append("\nCtrl-C stops everything; data stays in .engram/data (./engram reset deletes it).\n");
    System.out.println(banner);
    // Runs until Ctrl-C; the platform's own shutdown hook stops the services and the infrastructure.
    Thread.currentThread().join();
  }

  private static boolean nonBlank(String s) {
    return s != null && !s.isBlank();
  }

  private static void deleteTree(Path root) throws java.io.IOException {
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private Launcher() {
  }
}
