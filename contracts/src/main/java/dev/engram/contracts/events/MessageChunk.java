package dev.engram.contracts.events;

import dev.engram.contracts.message.LettaMessage;
import java.time.Instant;

/**
 * One streamed piece of a run's output, in the order clients see it. {@code seqId} counts from 1 within the
 * run and never repeats. With {@code delta} false the chunk is a whole message as committed by its step; with
 * {@code delta} true it is a token delta of a message still being generated (its text fields hold only the new
 * text, and its {@code id}/{@code otid} are those of the whole message that follows, so clients concatenate
 * deltas by {@code otid}).
 */
public record MessageChunk(
    String eventId,
    String agentId,
    String runId,
    long seqId,
    boolean delta,
    LettaMessage message,
    Instant emittedAt) implements RunEvent {
}
