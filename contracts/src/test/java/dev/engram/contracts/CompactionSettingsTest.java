package dev.engram.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.contracts.api.CompactionSettings;
import org.junit.jupiter.api.Test;

class CompactionSettingsTest {

  private static CompactionSettings withModel(String model) {
    return new CompactionSettings(model, null, null, null, null, null, null);
  }

  @Test
  void lettaAutoAndNoModelMeanTheAgentsOwnModel() {
    assertThat(withModel(null).summaryModel()).isNull();
    assertThat(withModel(" ").summaryModel()).isNull();
    assertThat(withModel("letta/auto").summaryModel()).isNull();
    assertThat(withModel("LETTA/AUTO").summaryModel()).isNull();
  }

  @Test
  void aConfiguredHandleIsUsedAsIs() {
    assertThat(withModel("openai/gpt-4o-mini").summaryModel()).isEqualTo("openai/gpt-4o-mini");
    assertThat(withModel("scripted/scripted-model").summaryModel()).isEqualTo("scripted/scripted-model");
  }
}
