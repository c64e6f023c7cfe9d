package dev.engram.steprunner.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.contracts.Ids;
import dev.engram.contracts.api.UsageStatistics;
import dev.engram.platform.llm.LlmResponse;
import dev.engram.steprunner.StepRunnerTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A run's messages and its steps' usage come back from one query, also for a run that stored nothing. */
@QuarkusTest
@QuarkusTestResource(StepRunnerTestResource.class)
class RunMessagesTest {
  @Inject
  MessageRepository messages;

  @Inject
  StepRepository steps;

  @Test
  void aRunsInputsProducedMessagesAndUsageComeBackTogether() {
    String agent = Ids.newId(Ids.AGENT);
    String run = Ids.newId(Ids.RUN);
    ConversationKey conversation = ConversationKey.of(agent);
    StoredMessage system = draft(agent, null, null, StoredMessage.Role.SYSTEM, "system prompt");
    StoredMessage input = draft(agent, run, null, StoredMessage.Role.USER, "hello");
    messages.insert(conversation, List.of(system, input));
    String first = Ids.newId(Ids.STEP);
    String second = Ids.newId(Ids.STEP);
    steps.journal(first, run, agent, 0, "scripted/model", new LlmResponse("a", null, List.of(), 100, 7, "stop"), 1);
    steps.journal(second, run, agent, 1, "scripted/model", new LlmResponse("b", null, List.of(), 120, 9, "stop"), 1);
    StoredMessage reply = draft(agent, run, second, StoredMessage.Role.ASSISTANT, "hi there");
    messages.insert(conversation, List.of(reply));

    MessageRepository.RunMessages found = messages.ofRun(run);

    assertThat(found.inputs()).extracting(StoredMessage::id).containsExactly(input.id());
    assertThat(found.produced()).extracting(StoredMessage::id).containsExactly(reply.id());
    assertThat(found.usage()).isEqualTo(new UsageStatistics(16, 220, 236, 2));
  }

  @Test
  void aRunWithoutMessagesOrStepsHasNoneAndZeroUsage() {
    MessageRepository.RunMessages found = messages.ofRun(Ids.newId(Ids.RUN));
    assertThat(found.inputs()).isEmpty();
    assertThat(found.produced()).isEmpty();
    assertThat(found.usage()).isEqualTo(UsageStatistics.ZERO);
  }

  private static StoredMessage draft(String agent, String run, String step, StoredMessage.Role role, String text) {
    return StoredMessage.draft(Ids.newId(Ids.MESSAGE), agent, run, step, role, text, null, null, null, null, null,
        null, null);
  }
}
