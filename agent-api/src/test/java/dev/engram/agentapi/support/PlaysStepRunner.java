package dev.engram.agentapi.support;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the tests that play step-runner through Kafka: each test gets a {@link Kafka} of its own, which sees
 * only the inbox events published after the test started.
 */
public abstract class PlaysStepRunner {
  protected Kafka kafka;

  @BeforeEach
  void connectKafka() {
    kafka = new Kafka();
  }

  @AfterEach
  void closeKafka() {
    kafka.close();
  }
}
