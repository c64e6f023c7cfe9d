package dev.engram.agentapi.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.contracts.Ids;
import dev.engram.contracts.Json;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** The JSON of each kind of SSE chunk, in Letta's shapes (§3.1 and §3.2 of the API notes). */
final class StreamFrames {
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");

  /** A ping ({@code LettaPing}); {@code seqId} null outside background mode. */
  static SseFrame ping(String runId, Long seqId) {
    ObjectNode ping = Json.MAPPER.createObjectNode();
    ping.put("id", Ids.newId("ping"));
    ping.put("date", OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).format(DATE));
    ping.putNull("name");
    ping.put("message_type", "ping");
    ping.putNull("otid");
    ping.putNull("sender_id");
    ping.putNull("step_id");
    ping.putNull("is_err");
    if (seqId == null) {
      ping.putNull("seq_id");
    } else {
      ping.put("seq_id", seqId);
    }
    ping.put("run_id", runId);
    return SseFrame.data(ping.toString());
  }

  /** A stored message with its run id and, in background mode, its seq_id (null otherwise). */
  static SseFrame message(String runId, String payload, Long seqId) {
    return message(runId, (ObjectNode) read(payload), seqId);
  }

  /** As {@link #message(String, String, Long)}, for a message already parsed (changed in place). */
  static SseFrame message(String runId, ObjectNode message, Long seqId) {
    if (!message.hasNonNull("run_id")) {
      message.put("run_id", runId);
    }
    if (seqId == null) {
      message.putNull("seq_id");
    } else {
      message.put("seq_id", seqId);
    }
    return SseFrame.data(message.toString());
  }

  /** The frames that close a stream: stop_reason, usage_statistics, [DONE]; or the error triple of a failed run. */
  static List<SseFrame> end(String runId, EndOfRun end) {
    List<SseFrame> frames = new ArrayList<>();
    ObjectNode stop = Json.MAPPER.createObjectNode();
    stop.put("message_type", "stop_reason");
    stop.put("stop_reason", end.stopReason().wire());
    frames.add(SseFrame.data(stop.toString()));
    if (end.failed()) {
      ObjectNode error = Json.MAPPER.createObjectNode();
      error.put("message_type", "error_message");
      error.put("run_id", runId);
      error.put("error_type", end.errorType());
      error.put("message", end.errorMessage());
      error.put("detail", end.errorMessage());
      frames.add(new SseFrame("error", error.toString()));
    } else if (end.stopReason() != dev.engram.contracts.StopReason.CANCELLED) {
      frames.add(SseFrame.data(Json.write(end.usage())));
    }
    frames.add(SseFrame.DONE);
    return frames;
  }

  static JsonNode read(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private StreamFrames() {
  }
}
