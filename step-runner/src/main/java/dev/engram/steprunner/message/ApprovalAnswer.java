package dev.engram.steprunner.message;

import dev.engram.contracts.Json;
import dev.engram.contracts.api.ApprovalItem;
import dev.engram.contracts.api.InputMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** The client's answer to an approval request as step-runner stores it (the content of an approval row). */
public record ApprovalAnswer(List<ApprovalItem> approvals, Boolean approve, String approvalRequestId, String reason) {

  /** The answer an approval input carries. */
  public static ApprovalAnswer of(InputMessage input) {
    return new ApprovalAnswer(input.approvals(), input.approve(), input.approvalRequestId(), input.reason());
  }

  /** The stored JSON form. */
  public String toJson() {
    return Json.write(this);
  }

  /** Reads a stored answer. */
  public static ApprovalAnswer parse(String json) {
    try {
      return json == null ? new ApprovalAnswer(null, null, null, null)
          : Json.MAPPER.readValue(json, ApprovalAnswer.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
