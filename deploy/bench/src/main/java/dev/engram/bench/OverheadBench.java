package dev.engram.bench;

import dev.engram.scriptedmodel.ScriptedModelServer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Per-step platform overhead: one agent, sequential messages, a model that answers at once, so
 * every millisecond measured is the platform's own (HTTP, outbox, Kafka hops, commits, prompt).
 */
public final class OverheadBench {

  /** The agent measured, and the failures among its warm-up messages. */
  public record Prepared(String agentId, ErrorTally warmupErrors) {}

  /**
   * Latencies of the successful timed messages (summarized, and raw in sending order), the failures,
   * and the model calls the timed ones made.
   */
  public record Result(LatencyStats latency, long[] okNanosInOrder, ErrorTally errors, long modelCalls, int timed,
      List<StepTimeline.Sent> sent) {}

  private OverheadBench() {}

  /** Sets the model latency to 0, creates the agent and sends it {@code warmup} untimed messages. */
  public static Prepared prepare(LettaClient letta, ScriptedModelServer model, int warmup) throws Exception {
    model.setLatencyMillis(0);
    String agent = letta.createAgent("bench-overhead");
    ErrorTally warmupErrors = new ErrorTally();
    for (int i = 0; i < warmup; i++) {
      letta.sendMessage(agent, "warm up " + i).tallyFailure(warmupErrors);
    }
    return new Prepared(agent, warmupErrors);
  }

  /** Sends {@code iterations} timed messages one after the other. */
  public static Result measure(LettaClient letta, ScriptedModelServer model, String agent, int iterations)
      throws InterruptedException {
    ErrorTally errors = new ErrorTally();
    long callsBefore = model.requestCount();
    long[] ok = new long[iterations];
    int count = 0;
    List<StepTimeline.Sent> sent = new ArrayList<>();
    for (int i = 0; i < iterations; i++) {
      long sentMicros = epochMicros();
      LettaClient.Outcome outcome = letta.sendMessage(agent, "hi " + i);
      if (outcome.ok()) {
        ok[count++] = outcome.nanos();
        String runId = outcome.runId();
        if (runId != null) {
          sent.add(new StepTimeline.Sent(runId, sentMicros, sentMicros + outcome.nanos() / 1_000));
        }
      } else {
        outcome.tallyFailure(errors);
      }
    }
    long[] inOrder = Arrays.copyOf(ok, count);
    return new Result(LatencyStats.of(inOrder), inOrder, errors, model.requestCount() - callsBefore, iterations,
        sent);
  }

  private static long epochMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
  }
}
