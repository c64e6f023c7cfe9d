package dev.engram.steprunner.context;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.contracts.api.LlmConfig;
import dev.engram.platform.llm.LlmMessage;
import dev.engram.platform.llm.LlmToolCall;
import dev.engram.steprunner.persistence.StoredMessage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptFormsTest {
  private static final TokenCounter GPT_4O = TokenCounter.forModel(
      new LlmConfig("gpt-4o-mini", "openai", null, 128_000, "openai/gpt-4o-mini", "openai", "base", 0.7, null, false));
  private static final TokenCounter ESTIMATE = TokenCounter.forModel(
      new LlmConfig("llama3.1", "ollama", null, 8_192, "ollama/llama3.1", "ollama", "base", 0.7, null, false));
  private static final int CAP = 5_000;

  @Test
  void formsAndCountsAreThoseOfEveryMessageMadeAnew() {
    List<StoredMessage> window = window();
    PromptForms forms = new PromptForms();

    assertThat(forms(forms, window, CAP)).isEqualTo(fresh(window, CAP));
    assertThat(forms.tokens(window, GPT_4O, CAP)).isEqualTo(GPT_4O.countMessages(fresh(window, CAP)));
    assertThat(forms.tokens(window, ESTIMATE, CAP)).isEqualTo(ESTIMATE.countMessages(fresh(window, CAP)))
        .isNotEqualTo(GPT_4O.countMessages(fresh(window, CAP)));
  }

  @Test
  void aMessageKeepsItsFormUntilTheWindowHoldsAnotherRecordInItsPlace() {
    List<StoredMessage> window = window();
    PromptForms forms = new PromptForms();
    List<LlmMessage> first = forms(forms, window, CAP);

    List<LlmMessage> again = forms(forms, window, CAP);
    for (int i = 0; i < window.size(); i++) {
      assertThat(again.get(i)).isSameAs(first.get(i));
    }

    // The system prompt rewritten in place after a memory edit: a new record at index 0, the rest untouched.
    window.set(0, message(0, StoredMessage.Role.SYSTEM, "You are Sam. The human is called Ada now."));
    List<LlmMessage> rewritten = forms(forms, window, CAP);
    assertThat(rewritten.getFirst().content()).isEqualTo("You are Sam. The human is called Ada now.");
    assertThat(rewritten.get(1)).isSameAs(first.get(1));
    assertThat(forms.tokens(window, GPT_4O, CAP)).isEqualTo(GPT_4O.countMessages(fresh(window, CAP)));
  }

  @Test
  void appendedMessagesAreAddedAndAShorterWindowDropsTheRest() {
    List<StoredMessage> window = window();
    PromptForms forms = new PromptForms();
    int before = forms.tokens(window, GPT_4O, CAP);

    window.add(message(window.size(), StoredMessage.Role.USER, "And what did I say about the trip to Lisbon?"));
    window.add(message(window.size(), StoredMessage.Role.ASSISTANT, "That you would go in May, by train."));
    int after = forms.tokens(window, GPT_4O, CAP);
    assertThat(after).isGreaterThan(before).isEqualTo(GPT_4O.countMessages(fresh(window, CAP)));

    List<StoredMessage> shorter = new ArrayList<>(window.subList(0, 2));
    assertThat(forms(forms, shorter, CAP)).isEqualTo(fresh(shorter, CAP));
    assertThat(forms.tokens(shorter, GPT_4O, CAP)).isEqualTo(GPT_4O.countMessages(fresh(shorter, CAP)));
  }

  @Test
  void anotherReturnCapCutsToolReturnsAnew() {
    List<StoredMessage> window = window();
    PromptForms forms = new PromptForms();
    String full = forms(forms, window, CAP).get(3).content();

    String cut = forms(forms, window, 100).get(3).content();

    assertThat(cut).contains("[truncated:");
    assertThat(cut.length()).isLessThan(full.length());
    assertThat(forms(forms, window, 100)).isEqualTo(fresh(window, 100));
    assertThat(forms.tokens(window, GPT_4O, 100)).isEqualTo(GPT_4O.countMessages(fresh(window, 100)));
    assertThat(forms(forms, window, CAP).get(3).content()).isEqualTo(full);
  }

  /** The forms {@code forms} gives the window, after checking they are paired with the window's own records. */
  private static List<LlmMessage> forms(PromptForms forms, List<StoredMessage> window, int cap) {
    List<PromptForms.Formed> formed = forms.of(window, cap);
    assertThat(formed).extracting(PromptForms.Formed::stored).containsExactlyElementsOf(window);
    return formed.stream().map(PromptForms.Formed::form).toList();
  }

  private static List<LlmMessage> fresh(List<StoredMessage> window, int cap) {
    return window.stream().map(m -> PromptMessages.toLlm(m, cap)).toList();
  }

  private static List<StoredMessage> window() {
    List<StoredMessage> window = new ArrayList<>();
    window.add(message(0, StoredMessage.Role.SYSTEM, "You are Sam, who remembers what people tell you."));
    window.add(message(1, StoredMessage.Role.USER, "My name is Ada and I live in Porto."));
    window.add(new StoredMessage(2, "message-2", "agent-1", "run-1", "step-1", StoredMessage.Role.ASSISTANT, null,
        null, List.of(new LlmToolCall("call-1", "archival_memory_search", "{\"query\": \"Porto\"}")), null, null,
        null, null, null, true, null));
    window.add(new StoredMessage(3, "message-3", "agent-1", "run-1", "step-1", StoredMessage.Role.TOOL,
        "Porto: ".repeat(400), null, List.of(), "call-1", "archival_memory_search", "success", null, null, true,
        null));
    window.add(message(4, StoredMessage.Role.ASSISTANT, "Noted, Ada from Porto."));
    return window;
  }

  private static StoredMessage message(long seq, StoredMessage.Role role, String content) {
    return new StoredMessage(seq, "message-" + seq, "agent-1", "run-1", "step-1", role, content, null, List.of(),
        null, null, null, null, null, true, null);
  }
}
