package dev.engram.agentapi.agent;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Friendly random names for agents created without one. */
final class AgentNames {
  private static final List<String> ADJECTIVES = List.of(
      "amber", "brave", "calm", "clever", "curious", "daring", "eager", "gentle", "golden", "honest", "jolly",
      "keen", "lively", "lucid", "mellow", "nimble", "patient", "quiet", "radiant", "steady", "swift", "tidy",
      "vivid", "witty");
  private static final List<String> NOUNS = List.of(
      "badger", "beacon", "cedar", "comet", "falcon", "harbor", "heron", "juniper", "lantern", "maple", "meadow",
      "otter", "pebble", "quill", "raven", "river", "sparrow", "summit", "thistle", "willow", "wren", "zephyr");

  /** e.g. {@code swift-heron-4821}; matches Letta's name pattern. */
  static String random() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return ADJECTIVES.get(r.nextInt(ADJECTIVES.size())) + "-" + NOUNS.get(r.nextInt(NOUNS.size())) + "-"
        + (1000 + r.nextInt(9000));
  }

  private AgentNames() {
  }
}
