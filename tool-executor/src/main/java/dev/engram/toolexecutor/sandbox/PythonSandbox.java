package dev.engram.toolexecutor.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.contracts.Json;
import dev.engram.contracts.api.ToolExecutionResult;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Runs one call of a custom Python tool in its own {@code python3} process: resource limits, a private working
 * directory, a minimal environment, and, where the host allows user namespaces, no network, a read-only file system
 * and an unprivileged uid. See docs/security.md for what this does and does not protect against.
 */
@ApplicationScoped
public class PythonSandbox {
  /** How calls are isolated on this host. */
  public enum Isolation {
    /** Namespaces (net, mount, pid, user) and the tool running as {@code nobody}. */
    NAMESPACES_AS_NOBODY,
    /** Namespaces, but the tool's uid is the service's own (no {@code setpriv}, or not root). */
    NAMESPACES,
    /** Only rlimits, a private working directory and a Python-level socket block. */
    GUARD
  }

  private static final int NOBODY = 65534;
  private static final int SIGXCPU = 24;
  private static final int SIGKILL = 9;
  private static final int MAX_RESULT_BYTES = 8 * 1024 * 1024;
  private static final int MAX_STDERR_BYTES = 64 * 1024;
  /**
   * Runs inside the new namespaces as their root: makes every mount read-only, mounts a private tmpfs on the work
   * directory, then drops its capabilities with a nested user namespace (so the tool cannot undo the read-only
   * remounts) and starts Python. The shell stays pid 1, so the tool's processes die with it.
   */
  private static final String SETUP = String.join("\n",
      "set -e",
      "for mp in $(awk '{print $5}' /proc/self/mountinfo | sort -u); do",
      "  mount -o remount,bind,ro \"$mp\" 2>/dev/null || true",
      "done",
      "mount -t tmpfs -o size=\"$2\"m,mode=0700 tmpfs \"$1\"",
      "cd \"$1\"",
      "shift 2",
      "unshare --user \"$@\"");

  private final SandboxConfig config;
  private final String bootstrap;
  private volatile Isolation isolation;

  PythonSandbox(SandboxConfig config) {
    this.config = config;
    try (InputStream in = PythonSandbox.class.getResourceAsStream("/sandbox/bootstrap.py")) {
      this.bootstrap = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The isolation used on this host; probed once, on first use. */
  public Isolation isolation() {
    Isolation chosen = isolation;
    if (chosen == null) {
      synchronized (this) {
        if (isolation == null) {
          isolation = probe();
        }
        chosen = isolation;
      }
    }
    return chosen;
  }

  /**
   * Calls {@code function} of {@code source} with {@code arguments} as keyword arguments. Never throws for what the
   * tool does: errors, timeouts and kills are error results worded for the agent.
   */
  public ToolExecutionResult run(String source, String function, ObjectNode arguments, Map<String, String> env) {
    return run(isolation(), source, function, arguments, env);
  }

  private ToolExecutionResult run(Isolation mode, String source, String function, ObjectNode arguments,
      Map<String, String> env) {
    Path workDir = null;
    try {
      workDir = createWorkDir(mode);
      return execute(mode, workDir, source, function, arguments, env);
    } catch (IOException e) {
      Log.warnf(e, "Sandbox for tool %s could not start", function);
      return ToolExecutionResult.error("Error executing function " + function + ": the sandbox could not start ("
          + e.getMessage() + ")");
    } finally {
      if (workDir != null) {
        deleteTree(workDir);
      }
    }
  }

  private ToolExecutionResult execute(Isolation mode, Path workDir, String source, String function,
      ObjectNode arguments, Map<String, String> env) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command(mode, workDir)).directory(workDir.toFile());
    Map<String, String> environment = builder.environment();
    environment.clear();
    environment.put("PATH", "/usr/local/bin:/usr/bin:/bin");
    environment.put("LANG", "C.UTF-8");
    environment.put("HOME", workDir.toString());
    environment.put("TMPDIR", workDir.toString());
    if (env != null) {
      env.forEach((name, value) -> {
        if (name != null && value != null && !name.isEmpty() && name.indexOf('=') < 0) {
          environment.put(name, value);
        }
      });
    }
    Process process = builder.start();
    Future<byte[]> stdout = drain(process.getInputStream(), MAX_RESULT_BYTES);
    Future<byte[]> stderr = drain(process.getErrorStream(), MAX_STDERR_BYTES);
    try {
      try (OutputStream in = process.getOutputStream()) {
        in.write(Json.write(request(mode, source, function, arguments)).getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        // The process died before reading its request; its exit status and stderr tell why.
      }
      long timeoutMillis = config.timeout().toMillis();
      if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
        kill(process);
        return ToolExecutionResult.error("Error executing function " + function + ": TimeoutError: the tool timed out"
            + " after " + seconds(config.timeout().toMillis()) + " and was stopped.");
      }
      String err = text(stderr);
      String out = text(stdout);
      return interpret(function, process.exitValue(), out, err);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ToolExecutionResult.error("Error executing function " + function + ": the call was interrupted.");
    } finally {
      kill(process);
    }
  }

  private ToolExecutionResult interpret(String function, int exit, String out, String err) {
    String line = out.strip();
    int lastBreak = line.lastIndexOf('\n');
    line = lastBreak < 0 ? line : line.substring(lastBreak + 1);
    if (!line.isEmpty()) {
      try {
        JsonNode answer = Json.MAPPER.readTree(line);
        String stdout = answer.path("stdout").asText("");
        String stderr = answer.path("stderr").asText("");
        if ("success".equals(answer.path("status").asText())) {
          return new ToolExecutionResult(ToolExecutionResult.SUCCESS, answer.path("return").asText(""), stdout,
              stderr);
        }
        String message = "Error executing function " + function + ": " + answer.path("error_type").asText("Error")
            + ": " + answer.path("error").asText("");
        return new ToolExecutionResult(ToolExecutionResult.ERROR, message, stdout, stderr);
      } catch (IOException e) {
        Log.debugf("Sandbox output of %s is not a result: %s", function, e.getMessage());
      }
    }
    String why;
    if (exit == 128 + SIGXCPU || exit == 128 + SIGKILL) {
      why = "the tool was killed after exceeding its limits (CPU time " + config.cpuSeconds() + " s, memory "
          + config.memoryMb() + " MB)";
    } else {
      why = "the tool's process exited without a result (exit code " + exit + ")";
    }
    String tail = err.length() > 500 ? err.substring(err.length() - 500) : err;
    return new ToolExecutionResult(ToolExecutionResult.ERROR, "Error executing function " + function + ": " + why
        + (tail.isBlank() ? "." : ": " + tail.strip()), null, err.isEmpty() ? null : err);
  }

  private ObjectNode request(Isolation mode, String source, String function, ObjectNode arguments) {
    ObjectNode request = Json.MAPPER.createObjectNode();
    request.put("source", source);
    request.put("function", function);
    request.set("args", arguments);
    request.put("block_sockets", mode == Isolation.GUARD);
    ObjectNode limits = request.putObject("limits");
    limits.put("cpu_seconds", config.cpuSeconds());
    limits.put("memory_bytes", (long) config.memoryMb() * 1024 * 1024);
    limits.put("file_size_bytes", (long) config.fileSizeMb() * 1024 * 1024);
    limits.put("open_files", config.openFiles());
    // RLIMIT_NPROC counts every process of the uid: only meaningful when the tool runs as a uid of its own.
    limits.put("processes", mode == Isolation.NAMESPACES_AS_NOBODY ? config.processes() : 0);
    return request;
  }

  private List<String> command(Isolation mode, Path workDir) {
    List<String> command = new ArrayList<>();
    if (mode == Isolation.NAMESPACES_AS_NOBODY) {
      command.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
    }
    if (mode != Isolation.GUARD) {
      command.addAll(List.of("unshare", "--user", "--map-root-user", "--net", "--mount", "--pid", "--fork",
          "--kill-child", "--mount-proc", "sh", "-c", SETUP, "engram-sandbox", workDir.toString(),
          Integer.toString(config.workDirMb())));
    }
    command.addAll(List.of(config.python(), "-I", "-c", bootstrap));
    return command;
  }

  private Path createWorkDir(Isolation mode) throws IOException {
    Path root = Path.of(config.workRoot().orElse(System.getProperty("java.io.tmpdir")));
    Files.createDirectories(root);
    // The namespaced tool runs as another uid, which must be able to reach the directory to mount over it.
    String perms = mode == Isolation.GUARD ? "rwx------" : "rwx--x--x";
    Path dir = Files.createTempDirectory(root, "engram-tool-");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(perms));
    return dir;
  }

  private Isolation probe() {
    String requested = config.isolation();
    if ("none".equals(requested)) {
      Log.warn("Tool sandbox isolation is 'none': custom tools run with rlimits and a Python-level socket guard only");
      return Isolation.GUARD;
    }
    List<Isolation> candidates = isRoot()
        ? List.of(Isolation.NAMESPACES_AS_NOBODY, Isolation.NAMESPACES) : List.of(Isolation.NAMESPACES);
    for (Isolation candidate : candidates) {
      ToolExecutionResult probe = run(candidate, "def engram_probe():\n    return 'ok'\n", "engram_probe",
          Json.MAPPER.createObjectNode(), Map.of());
      if (probe.ok() && "ok".equals(probe.toolReturn())) {
        Log.infof("Tool sandbox isolation: %s", candidate);
        return candidate;
      }
      Log.warnf("Tool sandbox isolation %s is not available here: %s", candidate, probe.toolReturn());
    }
    if ("namespaces".equals(requested)) {
      Log.error("Tool sandbox isolation 'namespaces' was required but does not work here; custom tool calls will fail");
      return candidates.getFirst();
    }
    Log.warn("Tool sandbox falls back to rlimits and a Python-level socket guard (weak; see docs/security.md)");
    return Isolation.GUARD;
  }

  private static boolean isRoot() {
    try {
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  /** Kills the process and everything it started that is still reachable. */
  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  private static Future<byte[]> drain(InputStream stream, int max) {
    FutureTask<byte[]> task = new FutureTask<>(() -> {
      ByteArrayOutputStream kept = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      try (stream) {
        for (int n; (n = stream.read(buffer)) >= 0; ) {
          // Reads on past the cap so the tool never blocks on a full pipe.
          kept.write(buffer, 0, Math.max(0, Math.min(n, max - kept.size())));
        }
      } catch (IOException e) {
        // The stream closes when the process is killed; what was read is all there is.
      }
      return kept.toByteArray();
    });
    Thread.ofVirtual().name("sandbox-drain").start(task);
    return task;
  }

  private static String text(Future<byte[]> output) throws InterruptedException {
    try {
      // The process has exited; its pipes close at once unless something it started still holds them.
      return new String(output.get(2, TimeUnit.SECONDS), StandardCharsets.UTF_8);
    } catch (ExecutionException | TimeoutException e) {
      return "";
    }
  }

  private static String seconds(long millis) {
    return millis % 1000 == 0 ? (millis / 1000) + " s" : String.format("%.1f s", millis / 1000.0);
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      Log.debugf("Could not delete sandbox directory %s: %s", dir, e.getMessage());
    }
  }
}
