package dev.engram.contracts.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Letta's {@code LettaUsageStatistics}: token and step counts of a run. */
public record UsageStatistics(int completionTokens, int promptTokens, int totalTokens, int stepCount) {
  /** The zero usage of a run that has not called a model. */
  public static final UsageStatistics ZERO = new UsageStatistics(0, 0, 0, 0);

  @JsonProperty("message_type")
  public String messageType() {
    return "usage_statistics";
  }

  /** The sum of this usage and another. */
  public UsageStatistics plus(UsageStatistics other) {
    return new UsageStatistics(
        completionTokens + other.completionTokens,
        promptTokens + other.promptTokens,
        totalTokens + other.totalTokens,
        stepCount + other.stepCount);
  }
}
