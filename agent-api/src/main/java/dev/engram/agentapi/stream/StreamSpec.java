package dev.engram.agentapi.stream;

import java.time.Duration;
import java.util.Set;

/**
 * What one open stream shows: the run, from which seq_id on, whether seq_ids are shown (background runs only),
 * which message types ({@code include_return_message_types}, null = all), whether it sends pings and an initial
 * ping, how many log rows it reads at once and how soon it looks again when a wake-up ran ahead of the log.
 */
public record StreamSpec(String runId, long startingAfter, boolean background, Set<String> messageTypes,
    boolean pings, boolean initialPing, int batchSize, Duration retryDelay) {
}
