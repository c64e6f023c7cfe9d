package dev.engram.agentapi.message;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.agentapi.run.RunOutcome;
import dev.engram.contracts.RunStatus;
import dev.engram.contracts.StopReason;
import dev.engram.contracts.api.UsageStatistics;
import dev.engram.contracts.message.AssistantMessage;
import dev.engram.contracts.message.LettaMessage;
import dev.engram.contracts.message.ReasoningMessage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessageServiceTest {
  private static final List<LettaMessage> PRODUCED = List.of(
      new ReasoningMessage("message-1", "2026-01-01T00:00:00+00:00", null, null, null, "step-1", "run-1", "hm",
          "non_reasoner_model"),
      new AssistantMessage("message-1", "2026-01-01T00:00:00+00:00", null, null, null, "step-1", "run-1", "Hi"));

  @Test
  void aCompletedRunAnswersWithItsMessagesStopReasonAndUsage() {
    SendResult result = MessageService.answer(outcome(RunStatus.COMPLETED, StopReason.MAX_STEPS, null, null), null);

    assertThat(result.status()).isEqualTo(200);
    LettaResponse response = (LettaResponse) result.body();
    assertThat(response.messages()).isEqualTo(PRODUCED);
    assertThat(response.stopReason().stopReason()).isEqualTo(StopReason.MAX_STEPS);
    assertThat(response.stopReason().messageType()).isEqualTo("stop_reason");
    assertThat(response.usage().totalTokens()).isEqualTo(3);
  }

  @Test
  void includeReturnMessageTypesFiltersTheAnswer() {
    SendResult result = MessageService.answer(outcome(RunStatus.COMPLETED, StopReason.END_TURN, null, null),
        List.of("assistant_message"));

    assertThat(((LettaResponse) result.body()).messages()).containsExactly(PRODUCED.get(1));
  }

  @ParameterizedTest
  @CsvSource({"llm_timeout,504", "llm_rate_limit,429", "llm_authentication,401", "llm_insufficient_credits,402",
      "llm_bad_request,400", "llm_error,502", "something_new,502"})
  void llmErrorsGetLettasStatusAndBody(String errorType, int status) {
    SendResult result = MessageService.answer(
        outcome(RunStatus.FAILED, StopReason.LLM_API_ERROR, errorType, "provider said no"), null);

    assertThat(result.status()).isEqualTo(status);
    SendResult.LlmError error = ((SendResult.LlmErrorBody) result.body()).error();
    assertThat(error.type()).isEqualTo(errorType);
    assertThat(error.message()).isNotBlank();
    assertThat(error.detail()).isEqualTo("provider said no");
  }

  @Test
  void otherFailuresAre500WithTheRunId() {
    SendResult result = MessageService.answer(
        outcome(RunStatus.FAILED, StopReason.INVALID_LLM_RESPONSE, "internal_error", null), null);

    assertThat(result.status()).isEqualTo(500);
    SendResult.RunErrorBody body = (SendResult.RunErrorBody) result.body();
    assertThat(body.runId()).isEqualTo("run-1");
    assertThat(body.detail()).contains("invalid_llm_response");
  }

  @Test
  void aRunStillGoingAfterTheWaitIsA504PointingAtTheRun() {
    SendResult result = MessageService.stillRunning("run-9");

    assertThat(result.status()).isEqualTo(504);
    assertThat(((SendResult.RunErrorBody) result.body()).detail())
        .isEqualTo("Run run-9 is still running; poll GET /v1/runs/run-9");
  }

  private static RunOutcome outcome(RunStatus status, StopReason stop, String errorType, String error) {
    return new RunOutcome("run-1", "agent-1", status, stop, PRODUCED, new UsageStatistics(1, 2, 3, 1), errorType,
        error);
  }
}
