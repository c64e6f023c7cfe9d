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

  private static final class Form {
    final StoredMessage stored;
    final LlmMessage message;
    String countedBy;
    int tokens;

    Form(StoredMessage stored, LlmMessage message) {
      this.stored = stored;
      this.message = message;
    }
  }

  /** The form of each message of {@code window}, in order, tool returns cut to {@code returnCap} characters. */
  public List<LlmMessage> of(List<StoredMessage> window, int returnCap) {
    align(window, returnCap);
    List<LlmMessage> out = new ArrayList<>(forms.size());
    for (Form f : forms) {
      out.add(f.message);
    }
    return out;
  }

  /**
   * Tokens of the messages of {@code window} as {@code counter} counts them (each with its framing; no tools and
   * no reply primer): {@code counter.countMessages} of {@link #of}, counting only messages not counted before.
   */
  public int tokens(List<StoredMessage> window, TokenCounter counter, int returnCap) {
    align(window, returnCap);
    String method = counter.method();
    int total = 0;
    for (Form f : forms) {
      if (!method.equals(f.countedBy)) {
        f.tokens = counter.count(f.message);
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
        forms.add(new Form(m, PromptMessages.toLlm(m, cap)));
      } else if (forms.get(i).stored != m) {
        forms.set(i, new Form(m, PromptMessages.toLlm(m, cap)));
      }
    }
  }
}
