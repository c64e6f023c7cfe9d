package dev.engram.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.engram.local.Platform;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * {@code ./engram bench}: starts the whole platform on the scripted model, measures the per-step
 * overhead against a raw Kafka + PostgreSQL floor and the run throughput with a slow model, and
 * prints the figures next to their goals.
 */
public final class Bench {
  /** C2 on (no TieredStopAtLevel): the services run as they would in production, only smaller. */
  static final String SERVICE_JVM_OPTIONS = "-Xmx512m -XX:+UseSerialGC";
  /** For diagnosis, e.g. a flight recording of every service: appended to the services' JVM options. */
  static final String EXTRA_SERVICE_JVM_OPTIONS =
      System.getenv().getOrDefault("ENGRAM_BENCH_SERVICE_JVM_OPTIONS", "").trim();
  static final double GOAL_P50_MS = 10;
  static final double GOAL_P99_MS = 50;
  static final double GOAL_THROUGHPUT_RATIO = 0.9;
  /** How long a phase's end waits for the services' consumers to work off their backlog, for the report. */
  static final double LAG_WAIT_SECONDS = 20;
  static final int IDLE_SECONDS = 5;
  /** How many of the statements called most often the overhead phase lists (what a run asks of PostgreSQL). */
  static final int TOP_STATEMENTS = 25;
  static final int RECALL_WARMUP = 30;
  static final int RECALL_ITERATIONS = 300;
  static final double STREAM_TOKENS_PER_SECOND = 50;
  static final int STREAM_PIECES = 100;
  static final int STREAM_WARMUP = 3;
  static final int STREAM_ITERATIONS = 20;

  static {
    // Before anything logs: the embedded broker's slf4j and log4j-api output goes to jboss-logmanager,
    // configured by logging.properties to print warnings only, keeping the report readable.
    if (System.getProperty("java.util.logging.manager") == null) {
      System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
    }
  }

  private final BenchOptions options;
  private final PrintStream out;
  private final List<String> summary = new ArrayList<>();
  private PostgresProbe postgres;

  private Bench(BenchOptions options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("engram bench: " + e.getMessage());
      System.err.println(BenchOptions.USAGE);
      System.exit(2);
      return;
    }
    if (options.help()) {
      System.out.println(BenchOptions.USAGE);
      return;
    }
    System.exit(new Bench(options, System.out).run());
  }

  private int run() throws Exception {
    Path gcDir = Files.createTempDirectory("engram-bench-gc");
    String serviceJvm = SERVICE_JVM_OPTIONS + " " + ResourceMonitor.gcLogOption(gcDir)
        + (EXTRA_SERVICE_JVM_OPTIONS.isBlank() ? "" : " " + EXTRA_SERVICE_JVM_OPTIONS);
    printMachine();
    out.printf("Starting PostgreSQL, Kafka, the scripted model and the five services ...%n");
    long starting = System.nanoTime();
    Platform platform;
    try {
      // The MCP phase's servers listen on loopback, which tool-executor's SSRF guard refuses by default.
      platform = Platform.start(Platform.Options.forTests(options.root(), null).withServiceJvmOptions(serviceJvm)
          .withEnv(Map.of("ENGRAM_MCP_ALLOW_PRIVATE_NETWORKS", "true")).withPostgresSettings(PostgresProbe.SETTINGS));
    } catch (RuntimeException e) {
      System.err.println("engram bench: the platform did not start: " + e.getMessage());
      return 1;
    }
    AtomicBoolean closed = new AtomicBoolean();
    Runnable closeOnce = () -> {
      if (closed.compareAndSet(false, true)) {
        platform.close();
      }
    };
    // Ctrl-C must not leave five service JVMs and a PostgreSQL behind.
    Thread hook = new Thread(closeOnce, "engram-bench-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      out.printf("Platform ready in %.1f s; service logs in %s, GC logs in %s%n", seconds(starting),
          platform.logDir(), gcDir);
      ResourceMonitor monitor = new ResourceMonitor(platform, gcDir);
      postgres = new PostgresProbe(platform.infra().jdbcUrl("postgres"));
      LettaClient letta = new LettaClient(platform.apiUrl());
      // What the platform burns with nothing to do (pollers, relays, leftover JIT) is paid by every figure below.
      ResourceMonitor.Snapshot idleStart = monitor.snapshot();
      TimeUnit.SECONDS.sleep(IDLE_SECONDS);
      out.printf("%n0. Idle baseline: %d s with no requests%n", IDLE_SECONDS);
      out.print(monitor.describe(idleStart, monitor.snapshot(), "   ", 0));
      try (KafkaProbe kafka = new KafkaProbe(platform.infra().bootstrapServers())) {
        if (options.runs(BenchOptions.Phase.OVERHEAD)) {
          overhead(platform, letta, monitor, kafka);
        }
        if (options.runs(BenchOptions.Phase.THROUGHPUT)) {
          throughput(platform, letta, monitor, kafka);
        }
        if (options.runs(BenchOptions.Phase.RECALL)) {
          recall(platform, monitor);
        }
        if (options.runs(BenchOptions.Phase.ARCHIVAL)) {
          archival(platform, monitor);
        }
        if (options.runs(BenchOptions.Phase.CONTEXT)) {
          context(platform, letta, monitor, kafka);
        }
        if (options.runs(BenchOptions.Phase.MCP)) {
          mcp(platform, monitor);
        }
        if (options.runs(BenchOptions.Phase.SANDBOX)) {
          sandbox(platform, monitor);
        }
        if (options.runs(BenchOptions.Phase.STREAMS)) {
          streams(platform, letta, monitor);
        }
      }
      out.printf("%nSummary%n");
      summary.forEach(line -> out.println("  " + line));
      out.flush();
      return 0;
    } finally {
      closeOnce.run();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // Already running the hooks: the platform is closed either way.
      }
    }
  }

  private void printMachine() {
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    String gcs = ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
        .collect(Collectors.joining(", "));
    out.printf("Engram benchmark%n================%n");
    out.printf("Machine:   %d cores (%s), %.1f GiB RAM, load average %.2f at start (the machine may be shared)%n",
        Runtime.getRuntime().availableProcessors(), cpuModel(), os.getTotalMemorySize() / (1024.0 * 1024 * 1024),
        os.getSystemLoadAverage());
    out.printf("JDK:       %s %s (%s)%n", System.getProperty("java.vendor"), System.getProperty("java.runtime.version"),
        System.getProperty("java.vm.name"));
    out.printf("Bench JVM: %s; max heap %d MiB; GC %s; hosts the Kafka broker, the scripted model and the clients%n",
        String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()),
        Runtime.getRuntime().maxMemory() / (1024 * 1024), gcs);
    out.printf("Services:  5 JVMs with %s (C2 on); PostgreSQL embedded as separate processes%n",
        (SERVICE_JVM_OPTIONS + " " + EXTRA_SERVICE_JVM_OPTIONS).trim());
    out.printf("Settings:  --overhead-iterations %d --warmup-iterations %d --agents %d --latency-ms %d"
        + " --rounds %d%s%n%n",
        options.overheadIterations(), options.warmupIterations(), options.agents(), options.latencyMillis(),
        options.rounds(), options.only() == null ? "" : " --only " + options.only().name().toLowerCase()
            + (options.only() == BenchOptions.Phase.RECALL || options.only() == BenchOptions.Phase.CONTEXT
            ? " --recall-messages " + options.recallMessages() : ""));
  }

  private void overhead(Platform platform, LettaClient letta, ResourceMonitor monitor, KafkaProbe kafka)
      throws Exception {
    int n = options.overheadIterations();
    int warmup = options.warmupIterations();
    out.printf("%n1. Floor: raw Kafka produce -> consume (acks=all, linger.ms=0, assigned consumer) + one PostgreSQL"
        + " insert+commit%n   %d iterations after %d warm-up, same broker and database server as the platform%n",
        n, warmup);
    FloorBench.Result floor = FloorBench.run(platform.infra(), warmup, n);
    out.printf("   %-26s %10s %10s %10s %10s%n", "", "p50", "p95", "p99", "max");
    row("floor (Kafka + commit)", floor.total());
    row("  Kafka round trip", floor.kafka());
    row("  PostgreSQL commit", floor.postgres());

    out.printf("%n2. Step overhead: sequential POST /v1/agents/{id}/messages to one agent, model latency 0 ms%n"
        + "   %d timed messages after %d warm-up; one HTTP/1.1 keep-alive connection%n", n, warmup);
    Map<String, Long> deadBefore = kafka.deadLettered();
    OverheadBench.Prepared prepared = OverheadBench.prepare(letta, platform.scripted(), warmup);
    Map<String, Long> eventsBefore = kafka.events();
    PostgresProbe.Snapshot sqlBefore = postgres.snapshot();
    ResourceMonitor.Snapshot before = monitor.snapshot();
    OverheadBench.Result step = OverheadBench.measure(letta, platform.scripted(), prepared.agentId(), n);
    ResourceMonitor.Snapshot after = monitor.snapshot();
    Map<String, Long> eventsAfter = kafka.events();
    PostgresProbe.Snapshot sqlAfter = postgres.snapshot();
    // Events still in flight may yet be dead-lettered: count only once the consumers have caught up.
    String lag = kafka.awaitCaughtUp(LAG_WAIT_SECONDS);
    Map<String, Long> deadAfter = kafka.deadLettered();
    long deadLettered = KafkaProbe.deadLetterTotal(deadBefore, deadAfter);
    LatencyStats s = step.latency();
    LatencyStats f = floor.total();
    out.printf("   %-26s %10s %10s %10s %10s%n", "", "p50", "p95", "p99", "max");
    row("step (HTTP in -> answer)", s);
    row("floor", f);
    out.printf("   %-26s %10s %10s %10s%n", "overhead / floor", ratio(s.p50(), f.p50()), ratio(s.p95(), f.p95()),
        ratio(s.p99(), f.p99()));
    boolean clean = step.errors().total() == 0 && prepared.warmupErrors().total() == 0 && deadLettered == 0;
    out.printf("   %-26s %10s %10s %10s%n", "goal", "<= " + (int) GOAL_P50_MS + " ms", "", "<= " + (int) GOAL_P99_MS
        + " ms");
    String p50Status = status(s.count() > 0 && LatencyStats.millis(s.p50()) <= GOAL_P50_MS, clean);
    String p99Status = status(s.count() > 0 && LatencyStats.millis(s.p99()) <= GOAL_P99_MS, clean);
    out.printf("   status: p50 %s, p99 %s (a failed request or a dead-lettered event counts as an error)%n",
        p50Status, p99Status);
    out.printf("   successful %d of %d; errors %s; warm-up errors %s%n", s.count(), step.timed(),
        step.errors().summary(), prepared.warmupErrors().summary());
    out.print(step.errors().samples("     "));
    out.print(prepared.warmupErrors().samples("     warm-up "));
    if (s.count() >= 10) {
      // The agent's history grows by every message: a rising p50 means per-step cost grows with history.
      long[] inOrder = step.okNanosInOrder();
      int fifth = inOrder.length / 5;
      LatencyStats first = LatencyStats.of(Arrays.copyOfRange(inOrder, 0, fifth));
      LatencyStats last = LatencyStats.of(Arrays.copyOfRange(inOrder, inOrder.length - fifth, inOrder.length));
      out.printf("   history growth: p50 of the first %d timed messages %s, of the last %d %s (%d runs more of"
          + " history in the agent by then)%n", fifth, ms(first.p50(), first.count()), fifth,
          ms(last.p50(), last.count()), inOrder.length - fifth);
    }
    out.printf("   model calls %d for %d messages (%.2f per run); mean %.2f ms, %.0f messages/s sequential%n",
        step.modelCalls(), step.timed(), (double) step.modelCalls() / step.timed(), s.mean() / 1e6,
        s.count() == 0 ? 0 : 1e9 / s.mean());
    printTimeline(platform, step.sent());
    out.printf("   dead-lettered events (whole phase): %s%n", KafkaProbe.deadLetterGrowth(deadBefore, deadAfter));
    out.printf("   %s%n", lag);
    out.printf("   Kafka records per run: %s%n", KafkaProbe.eventsPerRun(eventsBefore, eventsAfter, step.timed()));
    out.print(postgres.describe(sqlBefore, sqlAfter, step.timed(), TOP_STATEMENTS, "   "));
    out.printf("   during the timed messages:%n");
    out.print(monitor.describe(before, after, "     ", step.timed()));
    summary.add(String.format("%-34s %14s   goal %-10s %s", "step overhead p50", ms(s.p50(), s.count()),
        "<= " + (int) GOAL_P50_MS + " ms", p50Status));
    summary.add(String.format("%-34s %14s   goal %-10s %s", "step overhead p99", ms(s.p99(), s.count()),
        "<= " + (int) GOAL_P99_MS + " ms", p99Status));
    summary.add(String.format("%-34s %14s   (overhead/floor p50 %s, p99 %s)", "floor p50 / p99",
        String.format("%.2f/%.2f ms", LatencyStats.millis(f.p50()), LatencyStats.millis(f.p99())),
        ratio(s.p50(), f.p50()), ratio(s.p99(), f.p99())));
    summary.add(String.format("%-34s %14s", "overhead errors (timed/warm/DLQ)",
        step.errors().total() + " / " + prepared.warmupErrors().total() + " / " + deadLettered));
  }

  /** Where a sequential step's time goes, from the stamps each service leaves on a run. */
  private void printTimeline(Platform platform, List<StepTimeline.Sent> sent) {
    try {
      Map<String, LatencyStats> segments = StepTimeline.of(platform.infra(), sent);
      out.printf("   where the time goes (%d runs; stamps of agent-api and step-runner, same clock):%n", sent.size());
      out.printf("     %-70s %9s %9s %9s%n", "", "p50", "p99", "mean");
      segments.forEach((label, stats) -> out.printf("     %-70s %9s %9s %9s%n", label,
          ms(stats.p50(), stats.count()), ms(stats.p99(), stats.count()),
          stats.count() == 0 ? "-" : String.format("%.2f ms", stats.mean() / 1e6)));
    } catch (java.sql.SQLException e) {
      out.printf("   where the time goes: not available (%s)%n", e.getMessage());
    }
  }

  private void throughput(Platform platform, LettaClient letta, ResourceMonitor monitor, KafkaProbe kafka)
      throws Exception {
    int n = options.agents();
    long latency = options.latencyMillis();
    out.printf("%n3. Throughput: %d agents, scripted model latency %d ms, one model call per run, %d round(s) of one"
        + " message per agent, all sent at once%n", n, latency, options.rounds());
    Map<String, Long> deadBefore = kafka.deadLettered();
    ThroughputBench.Creation creation = ThroughputBench.createAgents(letta, n);
    out.printf("   agents created: %d of %d in %.1f s (%.0f/s, %d in parallel); errors %s%n",
        creation.agentIds().size(), n, creation.seconds(), creation.agentIds().size() / creation.seconds(),
        ThroughputBench.CREATE_CONCURRENCY, creation.errors().summary());
    out.print(creation.errors().samples("     "));
    List<String> agents = creation.agentIds();
    if (agents.isEmpty()) {
      out.printf("   no agent could be created: no throughput figures%n");
      summary.add(String.format("%-34s %14s   goal >= %.2f   NOT MET (no agents)", "throughput ratio", "-",
          GOAL_THROUGHPUT_RATIO));
      return;
    }
    double ideal = agents.size() / (latency / 1000.0);
    platform.scripted().setLatencyMillis(latency);
    Map<String, Long> eventsBefore = kafka.events();
    PostgresProbe.Snapshot sqlBefore = postgres.snapshot();
    ResourceMonitor.Snapshot before = monitor.snapshot();
    List<ThroughputBench.Round> rounds = new ArrayList<>();
    ErrorTally errors = new ErrorTally();
    for (int r = 1; r <= options.rounds(); r++) {
      ThroughputBench.Round round = ThroughputBench.round(letta, platform.scripted(), agents, r);
      rounds.add(round);
      LatencyStats l = LatencyStats.of(round.okNanos());
      out.printf("   round %d: %d/%d ok in %.2f s -> %.1f runs/s (ideal %.1f, ratio %.2f); latency p50 %s p99 %s;"
          + " model calls %d; errors %s%n", r, round.ok(), round.sent(), round.wallSeconds(), round.runsPerSecond(),
          ideal, round.runsPerSecond() / ideal, ms(l.p50(), l.count()), ms(l.p99(), l.count()), round.modelCalls(),
          round.errors().summary());
      out.print(round.errors().samples("     "));
      errors.addAll(round.errors());
    }
    ResourceMonitor.Snapshot after = monitor.snapshot();
    Map<String, Long> eventsAfter = kafka.events();
    PostgresProbe.Snapshot sqlAfter = postgres.snapshot();
    platform.scripted().setLatencyMillis(0);
    String lag = kafka.awaitCaughtUp(LAG_WAIT_SECONDS);
    Map<String, Long> deadAfter = kafka.deadLettered();
    long deadLettered = KafkaProbe.deadLetterTotal(deadBefore, deadAfter);
    int ok = rounds.stream().mapToInt(ThroughputBench.Round::ok).sum();
    int sent = rounds.stream().mapToInt(ThroughputBench.Round::sent).sum();
    double wall = rounds.stream().mapToDouble(ThroughputBench.Round::wallSeconds).sum();
    LatencyStats all = LatencyStats.of(rounds.stream().flatMapToLong(r -> LongStream.of(r.okNanos())).toArray());
    double achieved = ok / wall;
    double ratio = achieved / ideal;
    String status = status(ratio >= GOAL_THROUGHPUT_RATIO,
        errors.total() == 0 && creation.errors().total() == 0 && deadLettered == 0);
    out.printf("   all rounds: %d/%d ok in %.2f s -> achieved %.1f runs/s, ideal %.1f runs/s (%d agents / %.3f s),"
        + " ratio %.2f (goal >= %.2f: %s)%n", ok, sent, wall, achieved, ideal, agents.size(), latency / 1000.0, ratio,
        GOAL_THROUGHPUT_RATIO, status);
    out.printf("   per-request latency p50 %s, p95 %s, p99 %s, max %s (model alone: %d ms); errors %s%n",
        ms(all.p50(), all.count()), ms(all.p95(), all.count()), ms(all.p99(), all.count()), ms(all.max(), all.count()),
        latency, errors.summary());
    out.printf("   dead-lettered events (whole phase): %s%n", KafkaProbe.deadLetterGrowth(deadBefore, deadAfter));
    out.printf("   %s%n", lag);
    out.printf("   Kafka records per run: %s%n", KafkaProbe.eventsPerRun(eventsBefore, eventsAfter, sent));
    out.print(postgres.describe(sqlBefore, sqlAfter, sent, 0, "   "));
    out.printf("   during the rounds:%n");
    out.print(monitor.describe(before, after, "     ", ok));
    summary.add(String.format("%-34s %14s   goal >= %.2f  %s", "throughput ratio (achieved/ideal)",
        String.format("%.2f", ratio), GOAL_THROUGHPUT_RATIO, status));
    summary.add(String.format("%-34s %14s   ideal %.1f runs/s (%d agents, %d ms model, 1 model call/run)",
        "throughput achieved", String.format("%.1f runs/s", achieved), ideal, agents.size(), latency));
    summary.add(String.format("%-34s %14s   (model alone %d ms)", "throughput latency p50 / p99",
        String.format("%.0f/%.0f ms", LatencyStats.millis(all.p50()), LatencyStats.millis(all.p99())), latency));
    summary.add(String.format("%-34s %14s", "throughput errors (create/run/DLQ)",
        creation.errors().total() + " / " + errors.total() + " / " + deadLettered));
  }

  private void recall(Platform platform, ResourceMonitor monitor) throws Exception {
    int n = options.recallMessages();
    out.printf("%n4. Recall search: one agent with %d messages in memory-service's recall index, loaded by SQL"
        + " batches%n   with vectors from a seeded Gaussian generator (not MiniLM: the load takes seconds; queries"
        + " are still embedded by MiniLM);%n   %d timed searches per path after %d warm-up, limit 5, one at a time%n",
        n, RECALL_ITERATIONS, RECALL_WARMUP);
    ResourceMonitor.Snapshot before = monitor.snapshot();
    RecallBench.Result r = RecallBench.run(platform.infra(), platform.url(Platform.Service.MEMORY_SERVICE), n,
        RECALL_WARMUP, RECALL_ITERATIONS);
    ResourceMonitor.Snapshot after = monitor.snapshot();
    out.printf("   loaded %d messages in %.1f s; first vector search (loads the agent's vectors into memory) %.0f ms%n",
        r.messages(), r.loadSeconds(), LatencyStats.millis(r.firstSearchNanos()));
    out.printf("   %-26s %10s %10s %10s %10s%n", "", "p50", "p95", "p99", "max");
    r.latencies().forEach((mode, stats) -> row(mode.equals("conversation_search") ? "conversation_search (tool)"
        : "/v1/messages/search " + mode, stats));
    out.printf("   errors: %d%n", r.errors());
    out.print(monitor.describe(before, after, "   ", RECALL_ITERATIONS * r.latencies().size()));
    r.latencies().forEach((mode, stats) -> summary.add(String.format("%-34s %14s", "recall " + mode + " p50 / p95",
        String.format("%.1f/%.1f ms", LatencyStats.millis(stats.p50()), LatencyStats.millis(stats.p95())))));
  }

  private void archival(Platform platform, ResourceMonitor monitor) throws Exception {
    int[] sizes = {10_000, 100_000};
    out.printf("%n4. Archival memory: one archive filled to %,d then %,d passages (scripted hash embeddings, 384 dims),"
        + "%n   %d queries per size near stored passages; recall@10 of the HNSW graph against exact search%n",
        sizes[0], sizes[1], 200);
    ResourceMonitor.Snapshot before = monitor.snapshot();
    long started = System.nanoTime();
    ArchivalBench.Result result = new ArchivalBench(platform.url(Platform.Service.MEMORY_SERVICE), out).run(sizes);
    ResourceMonitor.Snapshot after = monitor.snapshot();
    out.printf("   %-26s", "");
    result.sizes().forEach(r -> out.printf(" %28s", String.format("%,d passages", r.passages())));
    out.println();
    for (String key : ArchivalBench.describe(result.sizes().get(0)).keySet()) {
      out.printf("   %-26s", key);
      result.sizes().forEach(r -> out.printf(" %28s", ArchivalBench.describe(r).get(key)));
      out.println();
    }
    out.printf("   all-MiniLM-L6-v2 inserts (in-process model, batches of 32): %.0f passages/s%n",
        result.miniLmPerSecond());
    ArchivalBench.SizeResult largest = result.sizes().getLast();
    boolean p95Met = LatencyStats.millis(largest.hybrid().p95()) <= ArchivalBench.GOAL_P95_MS;
    boolean recallMet = largest.recall() >= ArchivalBench.GOAL_RECALL;
    out.printf("   goal at %,d: search p95 <= %.0f ms %s (hybrid endpoint; index alone p95 %.2f ms), recall@10 >= %.2f %s%n",
        largest.passages(), ArchivalBench.GOAL_P95_MS, p95Met ? "MET" : "NOT MET",
        LatencyStats.millis(largest.index().p95()), ArchivalBench.GOAL_RECALL, recallMet ? "MET" : "NOT MET");
    out.printf("   phase took %.0f s%n", seconds(started));
    out.print(monitor.describe(before, after, "   ", 0));
    summary.add(String.format("%-34s %14s   goal %-10s %s", "archival search p95 @100k",
        String.format("%.2f ms", LatencyStats.millis(largest.hybrid().p95())), "<= 10 ms", p95Met ? "MET" : "NOT MET"));
    summary.add(String.format("%-34s %14s   goal %-10s %s", "archival recall@10 @100k",
        String.format("%.3f", largest.recall()), ">= 0.95", recallMet ? "MET" : "NOT MET"));
  }

  private void mcp(Platform platform, ResourceMonitor monitor) throws Exception {
    int n = options.overheadIterations();
    int warmup = options.warmupIterations();
    out.printf("%n6. MCP call overhead: a trivial tool (echo) of a real MCP server (TypeScript MCP SDK, node) over"
        + " stdio and%n   over streamable HTTP on loopback; %d timed calls per path after %d warm-up, one at a time;"
        + " one shared MCP session%n   per server in tool-executor. \"api\" = POST /v1/mcp-servers/{id}/tools/{tool}/run"
        + " (agent-api -> tool-executor -> MCP),%n   \"direct\" = tool-executor's internal run endpoint%n", n, warmup);
    ResourceMonitor.Snapshot before = monitor.snapshot();
    List<McpBench.TransportResult> results = new McpBench(platform).run(options.root(), warmup, n);
    ResourceMonitor.Snapshot after = monitor.snapshot();
    out.printf("   %-26s %10s %10s %10s %10s%n", "", "p50", "p95", "p99", "max");
    for (McpBench.TransportResult r : results) {
      out.printf("   %s: first call (opens the session) %.0f ms, errors %d%n", r.transport(),
          LatencyStats.millis(r.firstCallNanos()), r.errors());
      row("  api", r.viaApi());
      row("  direct", r.direct());
      summary.add(String.format("%-34s %14s", "mcp " + r.transport().split(" ")[0] + " api p50 / p95",
          String.format("%.1f/%.1f ms", LatencyStats.millis(r.viaApi().p50()), LatencyStats.millis(r.viaApi().p95()))));
    }
    out.print(monitor.describe(before, after, "   ", 0));
  }

  private void sandbox(Platform platform, ResourceMonitor monitor) throws Exception {
    int n = options.overheadIterations();
    int warmup = Math.min(options.warmupIterations(), 20);
    out.printf("%n7. Tool sandbox: an empty custom Python tool run through tool-executor's internal run endpoint,"
        + "%n   one fresh isolated python3 process per call (no Kafka, no step-runner in these figures)%n");
    SandboxBench bench = new SandboxBench(platform.url(Platform.Service.TOOL_EXECUTOR));
    ResourceMonitor.Snapshot before = monitor.snapshot();
    long started = System.nanoTime();
    SandboxBench.Sequential seq = bench.sequential(warmup, n);
    out.printf("   %-26s %10s %10s %10s %10s%n", "", "p50", "p95", "p99", "max");
    row(String.format("sequential (%d calls)", n), seq.stats());
    out.printf("   sequential: %.1f calls/s, %d errors%n", 1e9 / seq.stats().mean(), seq.errors());
    List<SandboxBench.Concurrent> concurrent = new ArrayList<>();
    for (int callers : new int[] {2, 4, 8}) {
      SandboxBench.Concurrent c = bench.concurrent(callers, java.time.Duration.ofSeconds(15));
      concurrent.add(c);
      out.printf("   %d concurrent callers for 15 s: %.1f calls/s, %d errors%n", callers, c.perSecond(), c.errors());
    }
    out.printf("   phase took %.0f s%n", seconds(started));
    out.print(monitor.describe(before, monitor.snapshot(), "   ", 0));
    SandboxBench.Concurrent best = concurrent.stream()
        .max(java.util.Comparator.comparingDouble(SandboxBench.Concurrent::perSecond)).orElseThrow();
    summary.add(String.format("%-34s %14s", "sandbox empty tool p50 / p95",
        String.format("%.1f/%.1f ms", LatencyStats.millis(seq.stats().p50()), LatencyStats.millis(seq.stats().p95()))));
    summary.add(String.format("%-34s %14s   (%d callers; errors %d sequential, %d concurrent)",
        "sandbox tool calls per second", String.format("%.1f/s", best.perSecond()), best.callers(), seq.errors(),
        concurrent.stream().mapToInt(SandboxBench.Concurrent::errors).sum()));
  }

  private void streams(Platform platform, LettaClient letta, ResourceMonitor monitor) throws Exception {
    StreamsBench bench = new StreamsBench(platform);
    double rate = STREAM_TOKENS_PER_SECOND;
    out.printf("%n8. Streams: token streaming at %.0f tokens/s (scripted model), %d replies of %d tokens after %d"
        + " warm-up, each first straight%n   from the model, then through POST /v1/agents/{id}/messages/stream with"
        + " stream_tokens (time to first chunk, spread of the chunks)%n", rate, STREAM_ITERATIONS, STREAM_PIECES,
        STREAM_WARMUP);
    platform.scripted().setTokensPerSecond(rate);
    StreamsBench.Tokens t;
    try {
      t = bench.tokens(letta.createAgent("bench-stream"), STREAM_PIECES, STREAM_WARMUP, STREAM_ITERATIONS);
    } finally {
      platform.scripted().setTokensPerSecond(0);
    }
    LatencyStats engramFirst = LatencyStats.of(t.engram().stream().mapToLong(StreamsBench.Timing::firstNanos)
        .toArray());
    LatencyStats modelFirst = LatencyStats.of(t.model().stream().mapToLong(StreamsBench.Timing::firstNanos)
        .toArray());
    LatencyStats engramSpread = LatencyStats.of(t.engram().stream().mapToLong(x -> x.lastNanos() - x.firstNanos())
        .toArray());
    LatencyStats modelSpread = LatencyStats.of(t.model().stream().mapToLong(x -> x.lastNanos() - x.firstNanos())
        .toArray());
    double engramPieces = t.engram().stream().mapToInt(StreamsBench.Timing::pieces).average().orElse(0);
    out.printf("   %-34s %10s %10s %10s%n", "", "p50", "p95", "max");
    out.printf("   %-34s %10s %10s %10s%n", "model: first token", ms(modelFirst.p50(), modelFirst.count()),
        ms(modelFirst.p95(), modelFirst.count()), ms(modelFirst.max(), modelFirst.count()));
    out.printf("   %-34s %10s %10s %10s%n", "Engram: first chunk", ms(engramFirst.p50(), engramFirst.count()),
        ms(engramFirst.p95(), engramFirst.count()), ms(engramFirst.max(), engramFirst.count()));
    out.printf("   %-34s %10s %10s %10s%n", "model: first -> last token", ms(modelSpread.p50(), modelSpread.count()),
        ms(modelSpread.p95(), modelSpread.count()), ms(modelSpread.max(), modelSpread.count()));
    out.printf("   %-34s %10s %10s %10s%n", "Engram: first -> last chunk", ms(engramSpread.p50(), engramSpread.count()),
        ms(engramSpread.p95(), engramSpread.count()), ms(engramSpread.max(), engramSpread.count()));
    double perChunk = engramPieces == 0 || engramSpread.count() == 0 ? Double.NaN
        : (LatencyStats.millis(engramSpread.p50()) - LatencyStats.millis(modelSpread.p50())) / engramPieces;
    out.printf("   chunks per reply %.1f for %d model tokens; per-chunk overhead (spread difference / chunks) %.2f ms;"
        + " errors %s%n", engramPieces, STREAM_PIECES, perChunk, t.errors().summary());
    out.print(t.errors().samples("     "));
    summary.add(String.format("%-34s %14s   (model first token %s)", "stream: first chunk p50",
        ms(engramFirst.p50(), engramFirst.count()), ms(modelFirst.p50(), modelFirst.count())));
    summary.add(String.format("%-34s %14s", "stream: per-chunk overhead", String.format("%.2f ms", perChunk)));

    int n = Integer.parseInt(System.getenv().getOrDefault("ENGRAM_BENCH_STREAMS", "5000"));
    Duration keepalive = Duration.ofSeconds(20);
    long runMillis = keepalive.toMillis() * 2 + 30_000;
    out.printf("%n   Idle streams: %d resumes (POST /v1/runs/{id}/stream) of one background run whose model answers"
        + " after %d s,%n   held past one keepalive interval (%d s) on one agent-api instance, then ended by the"
        + " run%n", n, runMillis / 1000, keepalive.toSeconds());
    ResourceMonitor.Snapshot before = monitor.snapshot();
    StreamsBench.Idle idle = bench.idle(letta.createAgent("bench-idle-streams"), n, runMillis, keepalive);
    ResourceMonitor.Snapshot after = monitor.snapshot();
    double perStream = idle.heapBefore() < 0 || idle.heapOpen() < 0 || idle.opened() == 0 ? Double.NaN
        : (idle.heapOpen() - idle.heapBefore()) / (double) idle.opened() / 1024;
    out.printf("   opened %d of %d in %.1f s; %d got a keepalive ping; %d ended with [DONE]; errors %s%n",
        idle.opened(), idle.requested(), idle.openSeconds(), idle.pinged(), idle.done(), idle.errors().summary());
    out.print(idle.errors().samples("     "));
    out.printf("   agent-api live heap (after a full GC): %.1f MiB before, %.1f MiB with the streams open ->"
        + " %.1f KiB per stream%n", idle.heapBefore() / 1048576.0, idle.heapOpen() / 1048576.0, perStream);
    out.print(monitor.describe(before, after, "   ", 0));
    summary.add(String.format("%-34s %14s   goal 5000 with pings   %s", "stream: idle streams held",
        idle.opened() + "/" + idle.requested(),
        idle.opened() >= 5000 && idle.pinged() == idle.opened() ? "MET" : "NOT MET"));
    summary.add(String.format("%-34s %14s", "stream: heap per idle stream", String.format("%.1f KiB", perStream)));
  }

  private void context(Platform platform, LettaClient letta, ResourceMonitor monitor, KafkaProbe kafka)
      throws Exception {
    int history = options.recallMessages();
    int n = options.overheadIterations();
    int warmup = options.warmupIterations();
    ContextBench bench = new ContextBench(platform, letta, out);
    out.printf("%n5. Context: step overhead with %d vs %,d stored messages, model latency 0 ms%n"
        + "   both agents hold %d messages in their window (the long one also a summary), the rest is out of it;"
        + " loaded by SQL%n   into step-runner's messages and memory-service's recall_messages. %d warm-up sends"
        + " to a third agent (JIT),%n   a first send to a fourth loaded agent (cold path), then the first (cold) send of each, %d warm-up and %d timed sends each,"
        + " interleaved, one at a time%n", ContextBench.WINDOW, history, ContextBench.WINDOW, warmup, warmup, n);
    Map<String, Long> deadBefore = kafka.deadLettered();
    ResourceMonitor.Snapshot before = monitor.snapshot();
    ContextBench.Overhead o = bench.overhead(history, warmup, n);
    ResourceMonitor.Snapshot after = monitor.snapshot();
    String lag = kafka.awaitCaughtUp(LAG_WAIT_SECONDS);
    long dead = KafkaProbe.deadLetterTotal(deadBefore, kafka.deadLettered());
    out.printf("   %-26s %10s %10s %10s %10s %10s%n", "", "cold", "p50", "p95", "p99", "max");
    contextRow(ContextBench.WINDOW + " messages", o.smallCold(), o.small());
    contextRow(String.format("%,d messages", history), o.largeCold(), o.large());
    String p50Ratio = ratio2(o.large().p50(), o.small().p50());
    String p95Ratio = ratio2(o.large().p95(), o.small().p95());
    out.printf("   %-26s %10s %10s %10s%n", "long / short", ratio2(o.largeCold(), o.smallCold()), p50Ratio, p95Ratio);
    out.printf("   goal: ratio <= 1.1 (printed, not asserted); errors %s; dead-lettered events %d; %s%n",
        o.errors().summary(), dead, lag);
    out.print(o.errors().samples("     "));
    out.print(monitor.describe(before, after, "   ", 2 * (n + warmup + 1)));
    summary.add(String.format("%-34s %14s   goal <= 1.1 (cold %s)", "context step p50/p95 100k vs 10",
        p50Ratio + "/" + p95Ratio, ratio2(o.largeCold(), o.smallCold())));

    out.printf("%n   Prompt compilation: step-runner's PromptCompiler in the bench JVM, 5 blocks of 2 000-5 000 chars,"
        + "%n   10 tool rules, letta_v1_agent; %d calls after %d warm-up%n", ContextBench.COMPILE_ITERATIONS,
        ContextBench.COMPILE_WARMUP);
    ContextBench.Compile c = ContextBench.compile();
    out.printf("   %-26s %10s %10s %10s %10s%n", "", "p50", "p95", "p99", "max");
    row("compile (whole prompt)", c.compile());
    row("refresh (unchanged)", c.refresh());
    row("rules + refresh (a step)", c.stepInputs());
    out.printf("   compiled prompt: %,d chars%n", c.promptChars());
    summary.add(String.format("%-34s %14s", "prompt compile p50 / p95", String.format("%.3f/%.3f ms",
        LatencyStats.millis(c.compile().p50()), LatencyStats.millis(c.compile().p95()))));

    out.printf("%n   Window token count: what a step counts to decide whether to compact, for gpt-4o-mini (o200k_base"
        + "%n   tokenizer) in the bench JVM; a window of %,d messages that every step extends by an exchange;"
        + "%n   %d steps after %d warm-up%n", ContextBench.TOKEN_WINDOW_MESSAGES, ContextBench.TOKEN_COUNT_ITERATIONS,
        ContextBench.TOKEN_COUNT_WARMUP);
    ContextBench.TokenCount t = ContextBench.tokenCount();
    out.printf("   %-26s %10s %10s %10s %10s%n", "", "p50", "p95", "p99", "max");
    row("every message counted", t.anew());
    row("new messages counted", t.kept());
    out.printf("   window at the end: %,d messages, %,d tokens; both counts %s%n", t.messages(), t.tokens(),
        t.agreed() ? "agreed on every step" : "DIFFERED (a defect)");
    summary.add(String.format("%-34s %14s   (counted anew %s)", "window token count p50, 128k model",
        String.format("%.3f ms", LatencyStats.millis(t.kept().p50())), ms(t.anew().p50(), t.anew().count())));

    out.printf("%n   Summarization round trip: one agent with a small context window driven over 0.9 x window by"
        + "%n   %d-char messages until %d compactions ran (sliding window, scripted model as summarizer)%n",
        ContextBench.LONG_MESSAGE_CHARS, ContextBench.COMPACTIONS);
    ResourceMonitor.Snapshot sBefore = monitor.snapshot();
    ContextBench.Compaction s = bench.compaction(ContextBench.COMPACTIONS);
    ResourceMonitor.Snapshot sAfter = monitor.snapshot();
    long[] d = s.durations().stream().mapToLong(Long::longValue).toArray();
    LatencyStats rest = LatencyStats.of(d.length > 1 ? Arrays.copyOfRange(d, 1, d.length) : new long[0]);
    out.printf("   window %,d tokens (system prompt and tools %,d); %d sends, %d compactions; errors %s%n",
        s.contextWindow(), s.baseTokens(), s.sends(), d.length, s.errors().summary());
    out.print(s.errors().samples("     "));
    out.printf("   %-26s %10s %10s %10s %10s%n", "", "p50", "p95", "p99", "max");
    out.printf("   %-26s %10s%n", "compaction, first", d.length == 0 ? "n/a" : ms(d[0], 1));
    row("compaction, others", rest);
    row("send that compacted", s.compactingSends());
    row("send that did not", s.plainSends());
    out.print(monitor.describe(sBefore, sAfter, "   ", s.sends()));
    summary.add(String.format("%-34s %14s   (first %s)", "compaction round trip p50 / max",
        String.format("%.1f/%.1f ms", LatencyStats.millis(rest.p50()), LatencyStats.millis(rest.max())),
        d.length == 0 ? "n/a" : ms(d[0], 1)));
  }

  private void contextRow(String label, long cold, LatencyStats stats) {
    out.printf("   %-26s %10s %10s %10s %10s %10s%n", label, ms(cold, 1), ms(stats.p50(), stats.count()),
        ms(stats.p95(), stats.count()), ms(stats.p99(), stats.count()), ms(stats.max(), stats.count()));
  }

  private static String ratio2(long value, long base) {
    return value == 0 || base == 0 ? "n/a" : String.format("%.2f", (double) value / base);
  }

  private void row(String label, LatencyStats stats) {
    out.printf("   %-26s %10s %10s %10s %10s%n", label, ms(stats.p50(), stats.count()), ms(stats.p95(), stats.count()),
        ms(stats.p99(), stats.count()), ms(stats.max(), stats.count()));
  }

  private static String ms(long nanos, int count) {
    return count == 0 ? "n/a" : String.format("%.2f ms", LatencyStats.millis(nanos));
  }

  private static String ratio(long value, long floor) {
    return value == 0 || floor == 0 ? "n/a" : String.format("%.1fx", (double) value / floor);
  }

  /** MET only when the figure meets its goal and no request behind it failed. */
  private static String status(boolean meetsGoal, boolean noErrors) {
    if (!noErrors) {
      return "NOT MET (errors)";
    }
    return meetsGoal ? "MET" : "NOT MET";
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("unknown CPU");
    } catch (IOException | RuntimeException e) {
      return "unknown CPU";
    }
  }
}
