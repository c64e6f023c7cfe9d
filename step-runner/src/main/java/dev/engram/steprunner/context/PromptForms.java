package dev.engram.steprunner.context;

import dev.engram.platform.llm.LlmMessage;
import dev.engram.steprunner.persistence.StoredMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * The model-facing form ({@link PromptMessages#toLlm}) and the token count of each message of one context window,
 * made once per message instead of once per step. Without it every step re-packaged every tool return and, for
 * OpenAI models, ran the BPE tokenizer over the whole window, a cost that grows with the window (tens of
 * milliseconds for a full 128k-token window).
 *
 * <p>A form is kept for a message as long as the window holds that very {@link StoredMessage} instance at the same
 * position: a rewritten message (a new record) or a different tool-return cap makes it anew, and a token count is
 * kept for the counting method it was made with. Not thread-safe: its window's lock guards it.
 */
public final class PromptForms {
  private final List<Form> forms = new ArrayList<>();
  private int returnCap = -1;

  /** A message of the window and the form a model request carries it in. */
  public record Formed(StoredMessage stored, LlmMessage form) {
  }

  private static final class Form {
    final Formed formed;
    String countedBy;
    int tokens;

    Form(StoredMessage stored, int returnCap) {
      this.formed = new Formed(stored, PromptMessages.toLlm(stored, returnCap));
    }
  }

  /** Each message of {@code window}, in order, with its form (tool returns cut to {@code returnCap} characters). */
  public List<Formed> of(List<StoredMessage> window, int returnCap) {
    align(window, returnCap);
    List<Formed> out = new ArrayList<>(forms.size());
    for (Form f : forms) {
      out.add(f.formed);
    }
    return out;
  }

  /**
   * Tokens of the messages of {@code window} as {@code counter} counts them (each with its framing; no tools and
   * no reply primer): {@code counter.countMessages} of the forms, counting only messages not counted before.
   */
  public int tokens(List<StoredMessage> window, TokenCounter counter, int returnCap) {
    align(window, returnCap);
    String method = counter.method();
    int total = 0;
    for (Form f : forms) {
      if (!method.equals(f.countedBy)) {
        f.tokens = counter.count(f.formed.form());
        f.countedBy = method;
      }
      total += f.tokens;
    }
    return total;
  }

  private void align(List<StoredMessage> window, int cap) {
    if (cap != returnCap) {
      forms.clear();
      returnCap = cap;
    }
    while (forms.size() > window.size()) {
      forms.removeLast();
    }
    for (int i = 0; i < window.size(); i++) {
      StoredMessage m = window.get(i);
      if (i == forms.size()) {
        forms.add(new Form(m, cap));
      } else if (forms.get(i).formed.stored() != m) {
        forms.set(i, new Form(m, cap));
      }
    }
  }
}
