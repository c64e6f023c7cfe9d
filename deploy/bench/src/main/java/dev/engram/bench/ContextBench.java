package dev.engram.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.contracts.api.BlockView;
import dev.engram.contracts.api.LlmConfig;
import dev.engram.contracts.api.ToolRule;
import dev.engram.local.EngramInfra;
import dev.engram.local.Platform;
import dev.engram.platform.llm.LlmToolCall;
import dev.engram.steprunner.context.PromptCompiler;
import dev.engram.steprunner.context.PromptForms;
import dev.engram.steprunner.context.PromptMessages;
import dev.engram.steprunner.context.TokenCounter;
import dev.engram.steprunner.context.ToolRulePrompts;
import dev.engram.steprunner.persistence.StoredMessage;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * Issue 4's benchmark: the step overhead of an agent with a short history against one with a long
 * history (same run, same warm-up, sends interleaved), the cost of compiling a system prompt, and the
 * round trip of a compaction through the summarizer, all on the zero-latency scripted model.
 *
 * <p>The long history is loaded by SQL batches straight into step-runner's {@code messages} (out of the
 * context window but for a recent window and the summary a compaction would have left) and, with the same
 * message ids, into memory-service's {@code recall_messages}, as if the agent had talked for months.
 */
public final class ContextBench {
  /** Messages each agent holds in its context window when the phase starts (besides the system prompt). */
  static final int WINDOW = 10;
  static final int COMPILE_WARMUP = 2_000;
  static final int COMPILE_ITERATIONS = 10_000;
  /** Compactions the summarization part waits for, and the sends it allows itself to get there. */
  static final int COMPACTIONS = 10;
  static final int MAX_COMPACTION_SENDS = 300;
  /** Characters of each user message in the summarization part (about 500 tokens by the chars/4 estimate). */
  static final int LONG_MESSAGE_CHARS = 2_000;
  static final String COMPACTION_METRIC = "engram_compaction_duration_seconds";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Platform platform;
  private final LettaClient letta;
  private final PrintStream out;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  ContextBench(Platform platform, LettaClient letta, PrintStream out) {
    this.platform = platform;
    this.letta = letta;
    this.out = out;
  }

  /** The two agents' timings: the first (cold) step of each, then the interleaved warm ones. */
  record Overhead(long smallCold, long largeCold, LatencyStats small, LatencyStats large, ErrorTally errors,
      int timed) {
  }

  /** Per-call latencies of the prompt compiler, and the size of the prompt it compiled. */
  record Compile(LatencyStats compile, LatencyStats refresh, LatencyStats stepInputs, int promptChars) {
  }

  /**
   * A step's count of a gpt-4o-mini window's tokens: counted anew (every message re-formed and run through the BPE
   * tokenizer, as each step did before {@link PromptForms}) and through {@link PromptForms} (only the step's new
   * messages); the window's size at the end, and whether both counts agreed on every step.
   */
  record TokenCount(LatencyStats anew, LatencyStats kept, int messages, int tokens, boolean agreed) {
  }

  /**
   * The compaction round trips (step-runner's timer, one value per compacting send), the client-side
   * latency of sends that compacted and of those that did not, and the window they ran in.
   */
  record Compaction(List<Long> durations, LatencyStats compactingSends, LatencyStats plainSends, int contextWindow,
      int baseTokens, int sends, ErrorTally errors) {
  }

  // ---------------------------------------------------------------- step overhead, short vs long history

  /** Creates both agents, loads their histories and times their steps. */
  Overhead overhead(int history, int warmup, int iterations) throws Exception {
    String small = letta.createAgent("bench-context-10");
    String large = letta.createAgent("bench-context-" + history);
    long loadStart = System.nanoTime();
    loadHistory(small, WINDOW, false);
    loadHistory(large, history, true);
    out.printf("   loaded %,d + %,d messages into step-runner and memory-service in %.1f s (then VACUUM ANALYZE)%n",
        WINDOW, history, (System.nanoTime() - loadStart) / 1e9);

    // The JIT warms up on a third agent, so neither measured agent's first step pays for it.
    String warm = letta.createAgent("bench-context-jit");
    ErrorTally errors = new ErrorTally();
    for (int i = 0; i < warmup; i++) {
      letta.sendMessage(warm, "jit warm-up " + i).tallyFailure(errors);
    }
    // The first loaded agent's first step also warms the cold path (window load, memory metadata, prompt
    // rewrite); a third agent takes it, so both measured first steps find it equally warm.
    String coldPath = letta.createAgent("bench-context-cold-path");
    loadHistory(coldPath, WINDOW, false);
    letta.sendMessage(coldPath, "first message after the load").tallyFailure(errors);
    LettaClient.Outcome smallCold = letta.sendMessage(small, "first message after the load");
    LettaClient.Outcome largeCold = letta.sendMessage(large, "first message after the load");
    smallCold.tallyFailure(errors);
    largeCold.tallyFailure(errors);
    for (int i = 0; i < warmup; i++) {
      letta.sendMessage(small, "warm up " + i).tallyFailure(errors);
      letta.sendMessage(large, "warm up " + i).tallyFailure(errors);
    }
    long[] smallNanos = new long[iterations];
    long[] largeNanos = new long[iterations];
    int smallOk = 0;
    int largeOk = 0;
    for (int i = 0; i < iterations; i++) {
      // Alternating which goes first cancels whatever the previous send leaves behind (relays, GC).
      boolean smallFirst = i % 2 == 0;
      LettaClient.Outcome first = letta.sendMessage(smallFirst ? small : large, "hi " + i);
      LettaClient.Outcome second = letta.sendMessage(smallFirst ? large : small, "hi " + i);
      LettaClient.Outcome s = smallFirst ? first : second;
      LettaClient.Outcome l = smallFirst ? second : first;
      if (s.ok()) {
        smallNanos[smallOk++] = s.nanos();
      } else {
        s.tallyFailure(errors);
      }
      if (l.ok()) {
        largeNanos[largeOk++] = l.nanos();
      } else {
        l.tallyFailure(errors);
      }
    }
    describeAgents(small, large);
    return new Overhead(smallCold.nanos(), largeCold.nanos(),
        LatencyStats.of(java.util.Arrays.copyOf(smallNanos, smallOk)),
        LatencyStats.of(java.util.Arrays.copyOf(largeNanos, largeOk)), errors, iterations);
  }

  /**
   * Stores {@code count} messages of the agent: the newest {@link #WINDOW} in its context window, the
   * rest out of it behind a summary message (context rank 1) and an installed compaction, as a compaction
   * leaves them; the same messages go to memory-service's recall index.
   */
  private void loadHistory(String agent, int count, boolean summarized) throws Exception {
    EngramInfra infra = platform.infra();
    IntFunction<String> ids = i -> "message-" + UUID.nameUUIDFromBytes((agent + "/" + i).getBytes(
        StandardCharsets.UTF_8));
    Instant base = Instant.now().minus(Duration.ofDays(1)).minus(Duration.ofMinutes(count));
    try (Connection db = DriverManager.getConnection(infra.jdbcUrl("step_runner") + "?reWriteBatchedInserts=true",
        "postgres", "postgres")) {
      db.setAutoCommit(false);
      try (PreparedStatement insert = db.prepareStatement("INSERT INTO messages (id, agent_id, run_id, role, content,"
          + " in_context, context_rank, created_at) VALUES (?, ?, ?, ?, ?, ?, 2, ?)")) {
        for (int i = 0; i < count; i++) {
          insert.setString(1, ids.apply(i));
          insert.setString(2, agent);
          insert.setString(3, "run-bench-" + agent + "-" + i / 2);
          insert.setString(4, RecallBench.role(i));
          insert.setString(5, RecallBench.text(i, new SplittableRandom(i)));
          insert.setBoolean(6, i >= count - WINDOW);
          insert.setTimestamp(7, Timestamp.from(base.plusSeconds(i * 60L)));
          insert.addBatch();
          if (i % 1_000 == 999) {
            insert.executeBatch();
            db.commit();
          }
        }
        insert.executeBatch();
      }
      if (summarized && count > WINDOW) {
        int evicted = count - WINDOW;
        String summaryId = "message-" + UUID.nameUUIDFromBytes((agent + "/summary").getBytes(StandardCharsets.UTF_8));
        String summary = "The user and the assistant talked about orders, their delivery and many small topics.";
        String content = JSON.writeValueAsString(Map.of("type", "system_alert", "message", "Note: " + evicted
            + " earlier messages were moved out of your context window to make room. Summary of what they "
            + "contained:\n" + summary, "time", base.plusSeconds(evicted * 60L).toString()));
        try (PreparedStatement s = db.prepareStatement("INSERT INTO messages (id, agent_id, role, content, in_context,"
            + " context_rank, created_at) VALUES (?, ?, 'user', ?, true, 1, ?)")) {
          s.setString(1, summaryId);
          s.setString(2, agent);
          s.setString(3, content);
          s.setTimestamp(4, Timestamp.from(base.plusSeconds(evicted * 60L)));
          s.executeUpdate();
        }
        try (PreparedStatement c = db.prepareStatement("INSERT INTO compactions (id, agent_id, trigger, mode, status,"
            + " evicted_ids, messages_before, summary, summary_message_id, messages_after, answered_at)"
            + " VALUES (?, ?, 'threshold', 'sliding_window', 'installed', '[]'::jsonb, ?, ?, ?, ?, now())")) {
          c.setString(1, "compaction-" + UUID.randomUUID());
          c.setString(2, agent);
          c.setInt(3, WINDOW * 3);
          c.setString(4, summary);
          c.setString(5, summaryId);
          c.setInt(6, WINDOW + 2);
          c.executeUpdate();
        }
      }
      db.commit();
      db.setAutoCommit(true);
      try (var vacuum = db.createStatement()) {
        // What autovacuum would have done to a table that grew over months.
        vacuum.execute("VACUUM ANALYZE messages");
      }
    }
    RecallBench.load(infra, agent, count, ids, base);
  }

  /**
   * Prints both agents' stored and in-context counts, and times apart the queries an agent's first step
   * runs that grow with its history (step-runner's window load and recall count, memory-service's recall count).
   */
  private void describeAgents(String small, String large) throws Exception {
    EngramInfra infra = platform.infra();
    try (Connection steps = DriverManager.getConnection(infra.jdbcUrl("step_runner"), "postgres", "postgres");
        Connection memory = DriverManager.getConnection(infra.jdbcUrl("memory"), "postgres", "postgres")) {
      for (String agent : List.of(small, large)) {
        long stored = single(steps, "SELECT count(*) FROM messages WHERE agent_id = ?", agent);
        long inContext = single(steps, "SELECT count(*) FROM messages WHERE agent_id = ? AND in_context", agent);
        long count = medianNanos(steps, "SELECT count(*) FROM messages WHERE agent_id = ?", agent);
        long window = medianNanos(steps, "SELECT * FROM messages WHERE agent_id = ? AND in_context ORDER BY"
            + " role <> 'system', context_rank, seq", agent);
        long recall = medianNanos(memory, "SELECT count(*) FROM recall_messages WHERE agent_id = ?", agent);
        out.printf("   agent %s: %,d stored, %,d in context at the end; its cold-load queries measured apart"
            + " (median of 21, JDBC from the bench): window %.2f ms, step-runner count(*) %.2f ms,"
            + " memory-service recall count(*) %.2f ms%n", agent, stored, inContext, LatencyStats.millis(window),
            LatencyStats.millis(count), LatencyStats.millis(recall));
      }
    }
  }

  private static long single(Connection db, String sql, String agent) throws Exception {
    try (PreparedStatement s = db.prepareStatement(sql)) {
      s.setString(1, agent);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static long medianNanos(Connection db, String sql, String agent) throws Exception {
    long[] nanos = new long[21];
    try (PreparedStatement s = db.prepareStatement(sql)) {
      s.setString(1, agent);
      for (int i = 0; i < nanos.length; i++) {
        long t = System.nanoTime();
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            rs.getString(1);
          }
        }
        nanos[i] = System.nanoTime() - t;
      }
    }
    return LatencyStats.of(nanos).p50();
  }

  // ---------------------------------------------------------------- prompt compilation

  /** Times step-runner's {@link PromptCompiler} in this JVM on a realistic agent: 5 blocks of 2-5k chars, 10 rules. */
  static Compile compile() {
    List<BlockView> blocks = new ArrayList<>();
    String[] labels = {"persona", "human", "project", "preferences", "notes"};
    for (int b = 0; b < labels.length; b++) {
      int chars = 2_000 + b * 750;
      blocks.add(new BlockView("block-" + b, labels[b], filler(b, chars), 8_000,
          b < 2 ? null : "What the agent keeps about the user's " + labels[b] + ".", b == 4, null, null, false,
          false, null, null, null, null, null, null, null, null, null));
    }
    List<ToolRule> rules = List.of(
        ToolRule.of(ToolRule.RUN_FIRST, "conversation_search"),
        ToolRule.of(ToolRule.EXIT_LOOP, "send_message"),
        ToolRule.of(ToolRule.CONTINUE_LOOP, "archival_memory_search"),
        ToolRule.withChildren(ToolRule.CONSTRAIN_CHILD_TOOLS, "conversation_search",
            List.of("archival_memory_search", "memory_replace", "send_message")),
        ToolRule.withChildren(ToolRule.PARENT_LAST_TOOL, "memory_insert", List.of("memory_replace")),
        ToolRule.conditional("check_order", Map.of("shipped", "send_message", "pending", "check_order"),
            "send_message", false),
        ToolRule.maxCount("web_search", 3),
        ToolRule.of(ToolRule.REQUIRED_BEFORE_EXIT, "memory_replace"),
        ToolRule.of(ToolRule.REQUIRES_APPROVAL, "delete_records"),
        ToolRule.of(ToolRule.EXIT_LOOP, "finish"));
    String system = "You are a helpful assistant with persistent memory. " + filler(9, 1_500);
    PromptCompiler.Inputs inputs = new PromptCompiler.Inputs(system, "letta_v1_agent", "openai/gpt-4o-mini",
        "agent-" + UUID.randomUUID(), "default", blocks, ToolRulePrompts.section(rules), 100_000, 250,
        List.of("orders", "travel", "family"), "America/New_York");
    Instant now = Instant.now();
    String stored = PromptCompiler.compile(inputs, now);
    long[] compile = new long[COMPILE_ITERATIONS];
    long[] refresh = new long[COMPILE_ITERATIONS];
    long[] step = new long[COMPILE_ITERATIONS];
    int sink = 0;
    for (int pass = 0; pass < 2; pass++) {
      int n = pass == 0 ? COMPILE_WARMUP : COMPILE_ITERATIONS;
      for (int i = 0; i < n; i++) {
        long t0 = System.nanoTime();
        sink += PromptCompiler.compile(inputs, now).length();
        long t1 = System.nanoTime();
        sink += PromptCompiler.refresh(stored, inputs, now).isPresent() ? 1 : 0;
        long t2 = System.nanoTime();
        // What a step does besides fetching memory: render the rules, then compare the prompt (SystemPrompts).
        PromptCompiler.Inputs fresh = new PromptCompiler.Inputs(system, "letta_v1_agent", "openai/gpt-4o-mini",
            inputs.agentId(), "default", blocks, ToolRulePrompts.section(rules), 100_000, 250, inputs.archivalTags(),
            "America/New_York");
        sink += PromptCompiler.refresh(stored, fresh, now).isPresent() ? 1 : 0;
        long t3 = System.nanoTime();
        if (pass == 1) {
          compile[i] = t1 - t0;
          refresh[i] = t2 - t1;
          step[i] = t3 - t2;
        }
      }
    }
    if (sink == 42) {
      System.out.print("");
    }
    return new Compile(LatencyStats.of(compile), LatencyStats.of(refresh), LatencyStats.of(step), stored.length());
  }

  /** Messages of the window whose tokens {@link #tokenCount()} counts, before its steps add theirs. */
  static final int TOKEN_WINDOW_MESSAGES = 800;
  static final int TOKEN_COUNT_WARMUP = 30;
  static final int TOKEN_COUNT_ITERATIONS = 100;

  /**
   * Times the token count a step makes of its window ({@code Compactor.requestTokens}, which decides whether to
   * compact) for an OpenAI model, in this JVM: a window of {@value #TOKEN_WINDOW_MESSAGES} messages of 60-100
   * tokens, to which every step adds an exchange: a user message and an answer, every fifth time with a tool call
   * and its return in between.
   */
  static TokenCount tokenCount() {
    LlmConfig config = new LlmConfig("gpt-4o-mini", "openai", null, 128_000, "openai/gpt-4o-mini", "openai", "base",
        0.7, null, false);
    TokenCounter counter = TokenCounter.forModel(config);
    int cap = PromptMessages.returnCap(TokenCounter.contextWindow(config));
    List<StoredMessage> window = new ArrayList<>();
    window.add(stored(0, StoredMessage.Role.SYSTEM, filler(1, 6_000), List.of(), null));
    while (window.size() < TOKEN_WINDOW_MESSAGES) {
      addExchange(window);
    }
    PromptForms forms = new PromptForms();
    long[] anew = new long[TOKEN_COUNT_ITERATIONS];
    long[] kept = new long[TOKEN_COUNT_ITERATIONS];
    boolean agreed = true;
    int tokens = 0;
    for (int i = 0; i < TOKEN_COUNT_WARMUP + TOKEN_COUNT_ITERATIONS; i++) {
      addExchange(window);
      long t0 = System.nanoTime();
      int counted = counter.countMessages(window.stream().map(m -> PromptMessages.toLlm(m, cap)).toList());
      long t1 = System.nanoTime();
      tokens = forms.tokens(window, counter, cap);
      long t2 = System.nanoTime();
      agreed &= counted == tokens;
      if (i >= TOKEN_COUNT_WARMUP) {
        anew[i - TOKEN_COUNT_WARMUP] = t1 - t0;
        kept[i - TOKEN_COUNT_WARMUP] = t2 - t1;
      }
    }
    return new TokenCount(LatencyStats.of(anew), LatencyStats.of(kept), window.size(), tokens, agreed);
  }

  /** A user message and the answer; every fifth exchange (by position) a tool call and its return in between. */
  private static void addExchange(List<StoredMessage> window) {
    int n = window.size();
    window.add(stored(n, StoredMessage.Role.USER, filler(n, 220), List.of(), null));
    if (n % 10 == 1) {
      String callId = "call-" + n;
      window.add(stored(n + 1, StoredMessage.Role.ASSISTANT, null,
          List.of(new LlmToolCall(callId, "archival_memory_search", "{\"query\": \"" + filler(n + 1, 30).strip()
              + "\"}")), null));
      window.add(stored(n + 2, StoredMessage.Role.TOOL, filler(n + 2, 400), List.of(), callId));
    }
    window.add(stored(window.size(), StoredMessage.Role.ASSISTANT, filler(n + 3, 220), List.of(), null));
  }

  private static StoredMessage stored(long seq, StoredMessage.Role role, String content, List<LlmToolCall> calls,
      String toolCallId) {
    return new StoredMessage(seq, "message-" + seq, "agent-bench", "run-" + seq / 4, "step-" + seq / 4, role, content,
        null, calls, toolCallId, toolCallId == null ? null : "archival_memory_search", toolCallId == null ? null
        : "success", null, null, true, null);
  }

  /** Block-like text: lines of pseudo-words, {@code chars} long. */
  private static String filler(int seed, int chars) {
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder text = new StringBuilder();
    while (text.length() < chars) {
      text.append("- ");
      for (int w = 0, words = 6 + random.nextInt(10); w < words; w++) {
        text.append(RecallBench.word(random.nextInt(3_000))).append(' ');
      }
      text.setCharAt(text.length() - 1, '\n');
    }
    return text.substring(0, chars);
  }

  // ---------------------------------------------------------------- summarization round trip

  /**
   * Drives an agent with a small context window over the compaction threshold until {@code wanted}
   * compactions ran; each compaction's round trip is read from step-runner's timer around it.
   */
  Compaction compaction(int wanted) throws Exception {
    ErrorTally errors = new ErrorTally();
    String agent = letta.createAgent("bench-context-compact");
    letta.sendMessage(agent, "hello").tallyFailure(errors);
    JsonNode context = letta.get("/v1/agents/" + agent + "/context");
    int base = context.path("context_window_size_current").asInt();
    // Large enough that the kept 30 % fits well under the threshold, so one compaction makes room.
    int window = Math.max(8_000, (base * 4 + 99) / 100 * 100);
    letta.patch("/v1/agents/" + agent, JSON.createObjectNode().put("context_window_limit", window));
    List<Long> durations = new ArrayList<>();
    List<Long> compacting = new ArrayList<>();
    List<Long> plain = new ArrayList<>();
    String metricsUrl = platform.url(Platform.Service.STEP_RUNNER) + "/q/metrics";
    double[] before = compactionMetric(metricsUrl);
    int sends = 0;
    while (durations.size() < wanted && sends < MAX_COMPACTION_SENDS) {
      String text = "Message " + sends + ": " + filler(100 + sends, LONG_MESSAGE_CHARS);
      LettaClient.Outcome o = letta.sendMessage(agent, text);
      sends++;
      double[] after = compactionMetric(metricsUrl);
      long compactions = Math.round(after[0] - before[0]);
      if (!o.ok()) {
        o.tallyFailure(errors);
      } else if (compactions == 0) {
        plain.add(o.nanos());
      } else {
        compacting.add(o.nanos());
      }
      if (compactions > 0) {
        // Usually one per send; with the all-mode fallback two, whose sum is the send's compaction time.
        durations.add(Math.round((after[1] - before[1]) * 1e9));
      }
      before = after;
    }
    return new Compaction(durations, LatencyStats.of(compacting.stream().mapToLong(Long::longValue).toArray()),
        LatencyStats.of(plain.stream().mapToLong(Long::longValue).toArray()), window, base, sends, errors);
  }

  /** {count, sum in seconds} of step-runner's compaction timer, over all its tags. */
  private double[] compactionMetric(String url) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET()
        .build(), HttpResponse.BodyHandlers.ofString());
    double count = 0;
    double sum = 0;
    for (String line : r.body().split("\n")) {
      if (line.startsWith(COMPACTION_METRIC + "_count")) {
        count += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      } else if (line.startsWith(COMPACTION_METRIC + "_sum")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return new double[] {count, sum};
  }
}
