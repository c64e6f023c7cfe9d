package dev.engram.bench;

import dev.engram.local.Platform;
import dev.engram.local.Platform.Service;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Where the CPU went during a phase: CPU seconds of every platform process (read from /proc, so
 * Linux only; elsewhere the figures are left out), the machine's busy time, and the services' GC
 * pauses from the {@code -Xlog:gc} files the bench asks them to write.
 */
public final class ResourceMonitor {
  /** Label of this JVM, which also hosts the Kafka broker, the scripted model and the HTTP clients. */
  static final String BENCH_JVM = "bench JVM (Kafka, model, client)";
  static final String POSTGRES = "postgres";
  private static final Pattern GC_PAUSE = Pattern.compile("Pause.*?(\\d+(?:\\.\\d+)?)ms\\s*$");

  private final Platform platform;
  private final Path gcDir;
  private final double ticksPerSecond;
  private final int cores = Runtime.getRuntime().availableProcessors();

  /** Cumulative counters at one instant. */
  public record Snapshot(long wallNanos, Map<String, Double> cpuSeconds, Map<String, Double> jitSeconds,
      double machineBusySeconds, Map<Service, Long> gcLogOffsets, Map<Service, Long> serviceLogOffsets,
      long benchGcCount, long benchGcMillis) {}

  /** GC pauses of one service between two snapshots. */
  private record Pauses(int count, double totalMillis, double maxMillis) {}

  public ResourceMonitor(Platform platform, Path gcDir) {
    this.platform = platform;
    this.gcDir = gcDir;
    this.ticksPerSecond = clockTicksPerSecond();
  }

  /** The JVM option that makes a service log its GC pauses where this monitor reads them. */
  public static String gcLogOption(Path gcDir) {
    return "-Xlog:gc:file=" + gcDir.resolve("gc-%p.log");
  }

  public Snapshot snapshot() {
    Map<String, Double> cpu = new LinkedHashMap<>();
    Map<String, Double> jit = new LinkedHashMap<>();
    Set<Long> servicePids = new HashSet<>();
    Map<Service, Long> offsets = new HashMap<>();
    Map<Service, Long> logOffsets = new HashMap<>();
    for (Service s : Service.values()) {
      long pid = platform.pid(s);
      servicePids.add(pid);
      double seconds = cpuSeconds(pid, false);
      if (seconds >= 0) {
        cpu.put(s.module(), seconds);
        jit.put(s.module(), compilerSeconds(pid));
      }
      offsets.put(s, size(gcLog(pid)));
      logOffsets.put(s, size(serviceLog(s)));
    }
    double postgres = 0;
    boolean sawPostgres = false;
    for (ProcessHandle p : ProcessHandle.current().descendants().toList()) {
      if (!servicePids.contains(p.pid())) {
        double seconds = cpuSeconds(p.pid(), true);
        if (seconds >= 0) {
          postgres += seconds;
          sawPostgres = true;
        }
      }
    }
    if (sawPostgres) {
      cpu.put(POSTGRES, postgres);
    }
    double self = cpuSeconds(ProcessHandle.current().pid(), false);
    if (self >= 0) {
      cpu.put(BENCH_JVM, self);
    }
    long gcCount = 0;
    long gcMillis = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      gcCount += Math.max(0, gc.getCollectionCount());
      gcMillis += Math.max(0, gc.getCollectionTime());
    }
    return new Snapshot(System.nanoTime(), cpu, jit, machineBusySeconds(), offsets, logOffsets, gcCount, gcMillis);
  }

  /**
   * A few indented lines: CPU per process and GC pauses per service between the two snapshots, and
   * the CPU each of the {@code runs} completed runs cost, with the runs/s that cost allows at most.
   */
  public String describe(Snapshot before, Snapshot after, String indent, int runs) {
    double wall = (after.wallNanos() - before.wallNanos()) / 1e9;
    double capacity = wall * cores;
    StringBuilder out = new StringBuilder();
    if (after.cpuSeconds().isEmpty() || after.machineBusySeconds() < 0) {
      out.append(indent).append("CPU: not available (no /proc on this system)\n");
    } else {
      double machine = after.machineBusySeconds() - before.machineBusySeconds();
      out.append(indent).append(String.format("CPU over %.1f s wall x %d cores = %.1f core-s: machine busy %.0f%%%n",
          wall, cores, capacity, 100 * machine / capacity));
      double ours = 0;
      StringBuilder line = new StringBuilder();
      for (Map.Entry<String, Double> e : after.cpuSeconds().entrySet()) {
        double used = e.getValue() - before.cpuSeconds().getOrDefault(e.getKey(), 0.0);
        ours += used;
        line.append(String.format("%s %.1f s (%.0f%%), ", e.getKey(), used, 100 * used / capacity));
      }
      double others = Math.max(0, machine - ours);
      line.append(String.format("other processes on the machine %.1f s (%.0f%%)", others, 100 * others / capacity));
      out.append(indent).append("  ").append(line).append('\n');
      out.append(indent).append("  ").append(jitLine(before, after, ours)).append('\n');
      if (runs > 0) {
        double bench = after.cpuSeconds().getOrDefault(BENCH_JVM, 0.0)
            - before.cpuSeconds().getOrDefault(BENCH_JVM, 0.0);
        double platformMs = 1000 * (ours - bench) / runs;
        double allMs = 1000 * ours / runs;
        out.append(indent).append(String.format("CPU per run: %.1f core-ms in the services and PostgreSQL, %.1f"
            + " with the bench JVM -> at most %.0f runs/s on %d cores if nothing else ran%n", platformMs, allMs,
            cores * 1000 / allMs, cores));
      }
    }
    StringBuilder gc = new StringBuilder();
    for (Service s : Service.values()) {
      long from = before.gcLogOffsets().getOrDefault(s, 0L);
      Pauses p = pauses(gcLog(platform.pid(s)), from, after.gcLogOffsets().getOrDefault(s, from));
      if (p != null) {
        gc.append(String.format("%s %d (%.0f ms, max %.1f ms), ", s.module(), p.count(), p.totalMillis(),
            p.maxMillis()));
      }
    }
    gc.append(String.format("bench JVM %d (%d ms)", after.benchGcCount() - before.benchGcCount(),
        after.benchGcMillis() - before.benchGcMillis()));
    out.append(indent).append("GC pauses: ").append(gc).append('\n');
    Map<Service, Long> errors = errorLogLines(before, after);
    String errorLines = errors.entrySet().stream().filter(e -> e.getValue() > 0)
        .map(e -> e.getKey().module() + " " + e.getValue()).collect(Collectors.joining(", "));
    out.append(indent).append("ERROR lines in the service logs: ").append(errorLines.isEmpty() ? "none" : errorLines)
        .append('\n');
    return out.toString();
  }

  /** Lines logged at ERROR by each service between the two snapshots. */
  public Map<Service, Long> errorLogLines(Snapshot before, Snapshot after) {
    Map<Service, Long> counts = new LinkedHashMap<>();
    for (Service s : Service.values()) {
      long from = before.serviceLogOffsets().getOrDefault(s, 0L);
      long to = after.serviceLogOffsets().getOrDefault(s, from);
      counts.put(s, newLines(serviceLog(s), from, to).stream().filter(l -> l.contains(" ERROR ")).count());
    }
    return counts;
  }

  private Path serviceLog(Service s) {
    return platform.logDir().resolve(s.module() + ".log");
  }

  private Path gcLog(long pid) {
    return gcDir.resolve("gc-" + pid + ".log");
  }

  private static long size(Path file) {
    try {
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  /** Pauses logged between byte offsets {@code from} and {@code to}; null when the service wrote no GC log. */
  private static Pauses pauses(Path log, long from, long to) {
    if (!Files.exists(log)) {
      return null;
    }
    int count = 0;
    double total = 0;
    double max = 0;
    for (String line : newLines(log, from, to)) {
      Matcher m = GC_PAUSE.matcher(line);
      if (m.find()) {
        double ms = Double.parseDouble(m.group(1));
        count++;
        total += ms;
        max = Math.max(max, ms);
      }
    }
    return new Pauses(count, total, max);
  }

  /** The lines of {@code file} between byte offsets {@code from} and {@code to}; none if unreadable. */
  private static List<String> newLines(Path file, long from, long to) {
    if (to <= from || !Files.exists(file)) {
      return List.of();
    }
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      long end = Math.min(to, raf.length());
      byte[] bytes = new byte[(int) Math.max(0, end - from)];
      raf.seek(from);
      raf.readFully(bytes);
      return List.of(new String(bytes, StandardCharsets.UTF_8).split("\n"));
    } catch (IOException e) {
      return List.of();
    }
  }

  /**
   * User plus system CPU seconds of a process from /proc/PID/stat, with {@code withChildren} adding
   * its reaped children (PostgreSQL backends that ended); -1 when unreadable.
   */
  private double cpuSeconds(long pid, boolean withChildren) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // The command name in parentheses may contain spaces: fields are counted after its closing one.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
      if (withChildren) {
        ticks += Long.parseLong(f[13]) + Long.parseLong(f[14]);
      }
      return ticks / ticksPerSecond;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * The services' JIT compiler threads, part of the CPU above: a phase measured before the JIT has settled pays
   * for compilations that a long-running service paid for once.
   */
  private static String jitLine(Snapshot before, Snapshot after, double ours) {
    double total = 0;
    StringBuilder line = new StringBuilder();
    for (Map.Entry<String, Double> e : after.jitSeconds().entrySet()) {
      // A compiler thread the JVM stopped takes its time with it, so a figure may only be too low, never negative.
      double used = Math.max(0, e.getValue() - before.jitSeconds().getOrDefault(e.getKey(), 0.0));
      total += used;
      line.append(String.format(", %s %.1f s", e.getKey(), used));
    }
    return String.format("of which JIT compiler threads %.1f s (%.0f%% of the CPU above)", total,
        ours > 0 ? 100 * total / ours : 0) + line;
  }

  /** CPU seconds of a JVM's JIT compiler threads (C1 and C2), from /proc/PID/task; 0 when unreadable. */
  private double compilerSeconds(long pid) {
    long ticks = 0;
    try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks.toList()) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
          }
        } catch (IOException | RuntimeException e) {
          // The thread ended between listing and reading (the JVM starts and stops compiler threads on demand).
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return ticks / ticksPerSecond;
  }

  /** Busy CPU seconds of the whole machine summed over cores since boot; -1 without /proc/stat. */
  private double machineBusySeconds() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
      long busy = 0;
      // user nice system idle iowait irq softirq steal: everything but idle and iowait is busy.
      for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
        busy += Long.parseLong(f[i]);
      }
      return busy / ticksPerSecond;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static double clockTicksPerSecond() {
    try {
      Process getconf = new ProcessBuilder(List.of("getconf", "CLK_TCK")).redirectErrorStream(true).start();
      String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
      return getconf.waitFor() == 0 ? Double.parseDouble(out) : 100;
    } catch (IOException | RuntimeException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }
}
