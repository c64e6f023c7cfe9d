package dev.engram.toolexecutor;

import static org.awaitility.Awaitility.await;

import dev.engram.contracts.Json;
import dev.engram.contracts.Topics;
import dev.engram.contracts.events.EventTopics;
import dev.engram.contracts.events.ToolCallRequested;
import dev.engram.contracts.events.ToolResultEvent;
import dev.engram.local.TopicReader;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** What tool-executor's component tests see of Kafka: requests sent onto the tool-calls topic, results read back. */
public final class ToolCallTopics implements AutoCloseable {
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private final KafkaProducer<String, String> producer;
  private final TopicReader results;

  public ToolCallTopics(String bootstrapServers) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    results = new TopicReader(bootstrapServers, Topics.TOOL_RESULTS);
  }

  /** Publishes a request, keyed as step-runner keys it, and flushes. */
  public void send(ToolCallRequested request) {
    producer.send(new ProducerRecord<>(Topics.TOOL_CALLS, request.key(), Json.write(request)));
    producer.flush();
  }

  /** The raw result records of the request's idempotency key, once {@code count} have arrived. */
  public List<String> awaitResults(ToolCallRequested request, int count) {
    return await().atMost(PATIENCE).pollInSameThread().pollInterval(Duration.ofMillis(10))
        .until(() -> resultsOf(request), found -> found.size() >= count);
  }

  /** The raw result records of the request's idempotency key so far. */
  public List<String> resultsOf(ToolCallRequested request) {
    return results.values().stream()
        .filter(v -> EventTopics.parse(v, ToolResultEvent.class).idempotencyKey().equals(request.idempotencyKey()))
        .toList();
  }

  @Override
  public void close() {
    producer.close();
    results.close();
  }
}
