package dev.engram.e2e;

import dev.engram.local.Platform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Gives a test class its run directory under {@code target/e2e-runs/<class>} (platform data in
 * {@code data/}, service logs in {@code logs/}, kept after the run) and prints the tail of every
 * service log when a test or a class-level set-up fails.
 */
public final class E2eRun implements BeforeAllCallback, AfterAllCallback, TestWatcher,
    LifecycleMethodExecutionExceptionHandler {
  private static final int TAIL_LINES = 80;

  private Path dir;
  private boolean failed;
  private Platform platform;

  /** The repository root, seen from this module's directory where Maven runs the tests. */
  public static Path repoRoot() {
    return Path.of("../..").toAbsolutePath().normalize();
  }

  /** Where the platform keeps its data; the platform writes its logs next to it. */
  public Path dataDir() {
    return dir.resolve("data");
  }

  public Path logDir() {
    return dir.resolve("logs");
  }

  /** Starts this class's platform on the run's data directory; the extension closes it after the class. */
  public Platform startPlatform() {
    platform = Platform.start(Platform.Options.forTests(repoRoot(), dataDir()));
    return platform;
  }

  /** A scratch file in the run directory. */
  public Path file(String name) {
    return dir.resolve(name);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    dir = Path.of("target", "e2e-runs", context.getRequiredTestClass().getSimpleName()).toAbsolutePath();
    // A previous run's data would be recovered by the persistent infrastructure: start from nothing.
    deleteRecursively(dir);
    Files.createDirectories(dir);
    failed = false;
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (platform != null) {
      platform.close();
      platform = null;
    }
    // The platform is closed by now; its data is only worth keeping to investigate a failure.
    if (!failed) {
      deleteRecursively(dataDir());
    }
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    failed = true;
    printServiceLogs(context.getDisplayName() + " failed");
  }

  @Override
  public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable)
      throws Throwable {
    failed = true;
    printServiceLogs("Set-up of " + context.getDisplayName() + " failed: " + throwable);
    throw throwable;
  }

  @Override
  public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable throwable)
      throws Throwable {
    failed = true;
    printServiceLogs("Tear-down of " + context.getDisplayName() + " failed: " + throwable);
    throw throwable;
  }

  private void printServiceLogs(String why) {
    StringBuilder out = new StringBuilder("\n===== ").append(why).append(": service logs in ")
        .append(logDir()).append(" =====\n");
    List<Path> logs;
    try (Stream<Path> files = Files.list(logDir())) {
      logs = files.filter(p -> p.toString().endsWith(".log")).sorted().toList();
    } catch (IOException e) {
      System.out.println(out.append("(no logs: ").append(e).append(")"));
      return;
    }
    for (Path log : logs) {
      List<String> lines = readLines(log);
      out.append("----- ").append(log.getFileName()).append(" (last ")
          .append(Math.min(TAIL_LINES, lines.size())).append(" of ").append(lines.size()).append(" lines) -----\n");
      lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size())
          .forEach(line -> out.append(line).append('\n'));
    }
    System.out.println(out);
  }

  private static List<String> readLines(Path log) {
    try {
      // Logs can hold partial multi-byte characters when a process was killed mid-write.
      return new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      return List.of("(unreadable: " + e + ")");
    }
  }

  private static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not delete " + root, e);
    }
  }
}
