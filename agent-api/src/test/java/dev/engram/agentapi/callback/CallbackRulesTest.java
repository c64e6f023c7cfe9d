package dev.engram.agentapi.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engram.platform.rest.ApiException;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** URL checks (syntax always, internal targets when configured) and the retry schedule of webhooks. */
class CallbackRulesTest {

  @Test
  void urlsMustBeAbsoluteHttpWithAHost() {
    CallbackUrls urls = new CallbackUrls(config(false));
    assertThat(urls.validate(" http://127.0.0.1:8080/hook ")).isEqualTo("http://127.0.0.1:8080/hook");
    assertThat(urls.validate("https://hooks.example.com/run")).isEqualTo("https://hooks.example.com/run");
    for (String bad : new String[] {"not a url", "/relative/path", "ftp://example.com/x", "http:///nohost",
        "mailto:someone@example.com"}) {
      assertThatThrownBy(() -> urls.validate(bad)).as(bad).isInstanceOf(ApiException.class)
          .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(400));
    }
  }

  @Test
  void internalTargetsAreRefusedOnlyWhenConfigured() {
    CallbackUrls open = new CallbackUrls(config(false));
    CallbackUrls guarded = new CallbackUrls(config(true));
    // Literal addresses: nothing is looked up or contacted.
    for (String internal : new String[] {"http://127.0.0.1/x", "http://10.1.2.3/x", "http://192.168.0.9/x",
        "http://169.254.169.254/latest/meta-data", "http://[::1]/x", "http://0.0.0.0/x", "http://[fd12::1]/x",
        "http://100.64.0.1/x"}) {
      assertThat(open.refusal(URI.create(internal))).as(internal).isNull();
      assertThat(guarded.refusal(URI.create(internal))).as(internal).contains("internal address");
      assertThatThrownBy(() -> guarded.validate(internal)).isInstanceOf(ApiException.class);
    }
    assertThat(guarded.refusal(URI.create("http://93.184.216.34/x"))).isNull();
  }

  @Test
  void retriesWaitLongerEachTimeUpToTheCap() {
    CallbackConfig config = config(false);
    assertThat(CallbackDispatcher.backoff(config, 1)).isEqualTo(Duration.ofSeconds(2));
    assertThat(CallbackDispatcher.backoff(config, 2)).isEqualTo(Duration.ofSeconds(4));
    assertThat(CallbackDispatcher.backoff(config, 4)).isEqualTo(Duration.ofSeconds(16));
    assertThat(CallbackDispatcher.backoff(config, 30)).isEqualTo(Duration.ofMinutes(5));
  }

  private static CallbackConfig config(boolean blockPrivate) {
    return new CallbackConfig() {
      @Override
      public Duration pollInterval() {
        return Duration.ofSeconds(1);
      }

      @Override
      public Duration requestTimeout() {
        return Duration.ofSeconds(10);
      }

      @Override
      public int maxAttempts() {
        return 5;
      }

      @Override
      public Duration initialBackoff() {
        return Duration.ofSeconds(2);
      }

      @Override
      public Duration maxBackoff() {
        return Duration.ofMinutes(5);
      }

      @Override
      public Duration claimLease() {
        return Duration.ofMinutes(1);
      }

      @Override
      public int batchSize() {
        return 20;
      }

      @Override
      public boolean blockPrivateAddresses() {
        return blockPrivate;
      }
    };
  }
}
