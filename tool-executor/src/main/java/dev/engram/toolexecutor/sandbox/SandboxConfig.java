package dev.engram.toolexecutor.sandbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Limits and isolation of the custom Python tool sandbox (prefix {@code engram.tool-executor.sandbox}). */
@ConfigMapping(prefix = "engram.tool-executor.sandbox")
public interface SandboxConfig {

  /** The Python interpreter; an absolute path, since the isolated process cannot see the service user's PATH shims. */
  @WithDefault("/usr/bin/python3")
  String python();

  /** {@code auto} (namespaces if this host allows them, else the weak guard), {@code namespaces} or {@code none}. */
  @WithDefault("auto")
  String isolation();

  /** Wall time of one call, enforced by this service (the process tree is killed). */
  @WithDefault("30s")
  Duration timeout();

  /** CPU seconds of one call (RLIMIT_CPU). */
  @WithDefault("30")
  int cpuSeconds();

  /** Address space of the tool's process in MB (RLIMIT_AS). */
  @WithDefault("256")
  int memoryMb();

  /** Largest file the tool may write, in MB (RLIMIT_FSIZE). */
  @WithDefault("16")
  int fileSizeMb();

  /** Size of the private working directory (a tmpfs) in MB, when namespaces are used. */
  @WithDefault("64")
  int workDirMb();

  /** Open file descriptors (RLIMIT_NOFILE). */
  @WithDefault("64")
  int openFiles();

  /**
   * Processes of the sandbox user (RLIMIT_NPROC), applied only with namespaces: the limit counts every process of the
   * uid, which outside them is the service's own user.
   */
  @WithDefault("256")
  int processes();

  /** Where private working directories are created; the JVM's temp directory if absent. */
  Optional<String> workRoot();
}
