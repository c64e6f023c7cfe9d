package dev.engram.agentapi.run;

/** The run a send was accepted into; {@code created} is false when a retry attached to an existing run. */
public record Accepted(RunRecord run, boolean created) {
}
