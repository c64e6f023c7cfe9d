package dev.engram.platform;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Tunables shared by every service (outbox relay). */
@ConfigMapping(prefix = "engram.platform")
public interface PlatformConfig {

  /** The outbox relay. */
  Outbox outbox();

  /** Settings of the outbox relay. */
  interface Outbox {
    /** Whether this instance relays the outbox (disable only in tests that inspect the table). */
    @WithDefault("true")
    boolean enabled();

    /** How long the relay sleeps when idle before looking again; commits wake it at once. */
    @WithDefault("250ms")
    Duration pollInterval();

    /** Largest number of events published in one round. */
    @WithDefault("500")
    int batchSize();

    /** Kafka bootstrap servers the relay produces to. */
    @WithDefault("${kafka.bootstrap.servers:localhost:9092}")
    String bootstrapServers();
  }
}
