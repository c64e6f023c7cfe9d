package dev.engram.bench;

import java.nio.file.Path;

/**
 * Command-line settings of {@link Bench}; every flag also accepts the {@code --name=value} form.
 * {@code only} is null when both phases run.
 */
public record BenchOptions(Path root, int overheadIterations, int warmupIterations, int agents, long latencyMillis,
    int rounds, Phase only, int recallMessages, boolean help) {

  /** A benchmark phase that {@code --only} can select. */
  public enum Phase {
    OVERHEAD, THROUGHPUT, RECALL, ARCHIVAL, CONTEXT, MCP, SANDBOX, STREAMS
  }

  /** The usage text printed by {@code --help} and after a bad flag. */
  public static final String USAGE = """
      usage: ./engram bench [options]
        --overhead-iterations N  timed sequential messages for the overhead phase and the floor (default 500)
        --warmup-iterations N    untimed messages sent first in both (default 100)
        --agents N               agents messaged concurrently in the throughput phase (default 500)
        --latency-ms L           scripted model latency in the throughput phase, ms (default 1000)
        --rounds R               throughput rounds, one message per agent each (default 3)
        --only PHASE             overhead | throughput | recall | archival | context | mcp | sandbox | streams
                                 (default: overhead and throughput; the others run only when selected; streams
                                 holds ENGRAM_BENCH_STREAMS idle streams, default 5000)
        --recall-messages N      messages loaded into one agent's history for --only recall and --only context
                                 (default 100000)
        --root DIR               repository root holding the built services (default: working directory)""";

  /** Both phases at the documented defaults, services taken from the working directory. */
  public static BenchOptions defaults() {
    return new BenchOptions(Path.of("").toAbsolutePath(), 500, 100, 500, 1000, 3, null, 100_000, false);
  }

  public BenchOptions {
    requireAtLeast("--overhead-iterations", overheadIterations, 1);
    requireAtLeast("--warmup-iterations", warmupIterations, 0);
    requireAtLeast("--agents", agents, 1);
    requireAtLeast("--latency-ms", latencyMillis, 1);
    requireAtLeast("--rounds", rounds, 1);
    requireAtLeast("--recall-messages", recallMessages, 1);
  }

  /** Parses {@code args}; throws IllegalArgumentException with a message fit for the user. */
  public static BenchOptions parse(String[] args) {
    BenchOptions o = defaults();
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (name.equals("-h") || name.equals("--help")) {
        o = new BenchOptions(o.root, o.overheadIterations, o.warmupIterations, o.agents, o.latencyMillis, o.rounds,
            o.only, o.recallMessages, true);
        continue;
      }
      String value;
      int eq = name.indexOf('=');
      if (eq > 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new IllegalArgumentException("missing value for " + name);
      }
      o = switch (name) {
        case "--overhead-iterations" -> new BenchOptions(o.root, integer(name, value), o.warmupIterations, o.agents,
            o.latencyMillis, o.rounds, o.only, o.recallMessages, o.help);
        case "--warmup-iterations" -> new BenchOptions(o.root, o.overheadIterations, integer(name, value), o.agents,
            o.latencyMillis, o.rounds, o.only, o.recallMessages, o.help);
        case "--agents" -> new BenchOptions(o.root, o.overheadIterations, o.warmupIterations, integer(name, value),
            o.latencyMillis, o.rounds, o.only, o.recallMessages, o.help);
        case "--latency-ms" -> new BenchOptions(o.root, o.overheadIterations, o.warmupIterations, o.agents,
            integer(name, value), o.rounds, o.only, o.recallMessages, o.help);
        case "--rounds" -> new BenchOptions(o.root, o.overheadIterations, o.warmupIterations, o.agents,
            o.latencyMillis, integer(name, value), o.only, o.recallMessages, o.help);
        case "--only" -> new BenchOptions(o.root, o.overheadIterations, o.warmupIterations, o.agents,
            o.latencyMillis, o.rounds, phase(value), o.recallMessages, o.help);
        case "--recall-messages" -> new BenchOptions(o.root, o.overheadIterations, o.warmupIterations, o.agents,
            o.latencyMillis, o.rounds, o.only, integer(name, value), o.help);
        case "--root" -> new BenchOptions(Path.of(value).toAbsolutePath(), o.overheadIterations,
            o.warmupIterations, o.agents, o.latencyMillis, o.rounds, o.only, o.recallMessages, o.help);
        default -> throw new IllegalArgumentException("unknown option " + name);
      };
    }
    return o;
  }

  /** Whether {@code phase} is to run. */
  public boolean runs(Phase phase) {
    // The recall, archival and context phases load large corpora first, mcp needs Node.js: only when asked for.
    return only == null ? phase == Phase.OVERHEAD || phase == Phase.THROUGHPUT : only == phase;
  }

  private static int integer(String name, String value) {
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid number for " + name + ": " + value);
    }
  }

  private static Phase phase(String value) {
    return switch (value.strip()) {
      case "overhead" -> Phase.OVERHEAD;
      case "throughput" -> Phase.THROUGHPUT;
      case "recall" -> Phase.RECALL;
      case "archival" -> Phase.ARCHIVAL;
      case "context" -> Phase.CONTEXT;
      case "mcp" -> Phase.MCP;
      case "sandbox" -> Phase.SANDBOX;
      case "streams" -> Phase.STREAMS;
      default -> throw new IllegalArgumentException(
          "--only takes overhead, throughput, recall, archival, context, mcp, sandbox or streams, not " + value);
    };
  }

  private static void requireAtLeast(String name, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be >= " + min + ", got " + value);
    }
  }
}
