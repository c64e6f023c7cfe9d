package dev.engram.steprunner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.contracts.Ids;
import dev.engram.contracts.Json;
import dev.engram.contracts.Topics;
import dev.engram.contracts.events.EventTopics;
import dev.engram.contracts.events.RunCompleted;
import dev.engram.contracts.events.MessagesPersisted;
import dev.engram.contracts.events.RunEvent;
import dev.engram.contracts.events.RunFailed;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * What step-runner's component tests see of Kafka: a producer onto the agent inbox and every run event
 * published after {@link #open()}, collected by a background consumer.
 */
public final class StepRunnerTopics implements AutoCloseable {
  private final List<RunEvent> runEvents = new CopyOnWriteArrayList<>();
  private final List<MessagesPersisted> recallEvents = new CopyOnWriteArrayList<>();
  private final KafkaProducer<String, String> producer;
  private volatile boolean collecting = true;

  private StepRunnerTopics(String bootstrap) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    Properties c = new Properties();
    c.put("bootstrap.servers", bootstrap);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer());
    List<TopicPartition> partitions = java.util.stream.Stream.of(Topics.RUN_EVENTS, Topics.MESSAGES)
        .flatMap(t -> consumer.partitionsFor(t).stream())
        .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    // Resolve the end offsets now, so no event published after open() is missed.
    partitions.forEach(consumer::position);
    Thread.ofPlatform().daemon().start(() -> {
      try (consumer) {
        while (collecting) {
          consumer.poll(Duration.ofMillis(100)).forEach(r -> {
            if (r.topic().equals(Topics.MESSAGES)) {
              if (EventTopics.parse(r.value(), dev.engram.contracts.events.MessageEvent.class) instanceof MessagesPersisted m) {
                recallEvents.add(m);
              }
            } else {
              runEvents.add(EventTopics.parse(r.value(), RunEvent.class));
            }
          });
        }
      }
    });
  }

  /** Connects to the test's Kafka (the application's {@code kafka.bootstrap.servers}). */
  public static StepRunnerTopics open() {
    return new StepRunnerTopics(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
  }

  /** The run events seen so far (live list). */
  public List<RunEvent> runEvents() {
    return runEvents;
  }

  /** The MessagesPersisted events (recall memory's input) of an agent seen so far. */
  public List<MessagesPersisted> recallEvents(String agentId) {
    return recallEvents.stream().filter(e -> e.agentId().equals(agentId)).toList();
  }

  /** Publishes an event onto the agent inbox, keyed by agent id (not flushed). */
  public void publish(String agentId, Object event) {
    producer.send(new ProducerRecord<>(Topics.AGENT_INBOX, agentId, Json.write(event)));
  }

  /** Waits until everything published has been sent. */
  public void flush() {
    producer.flush();
  }

  /** The terminal event of a run, or null while it is not over. */
  public RunEvent end(String runId) {
    return runEvents.stream()
        .filter(e -> e.runId().equals(runId) && (e instanceof RunCompleted || e instanceof RunFailed))
        .findFirst().orElse(null);
  }

  @Override
  public void close() {
    collecting = false;
    producer.close();
  }

  /** A new agent id with a {@code human} block in memory-service. */
  /** A memory_insert tool (label, new_string) of the given tool type, as the loop tests offer it. */
  public static dev.engram.contracts.api.ToolDefinition memoryInsert(String toolType) {
    return new dev.engram.contracts.api.ToolDefinition("tool-1", "memory_insert", "Insert text into a memory block.",
        toolType, java.util.Map.of("name", "memory_insert", "parameters", java.util.Map.of("type", "object",
        "properties", java.util.Map.of("label", java.util.Map.of("type", "string"), "new_string",
            java.util.Map.of("type", "string")), "required", java.util.List.of("label", "new_string"))), null);
  }

  public static String newAgent() throws Exception {
    String agentId = Ids.newId(Ids.AGENT);
    String memoryUrl = ConfigProvider.getConfig().getValue("quarkus.rest-client.memory-service.url", String.class);
    HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(memoryUrl + "/internal/agents/" + agentId + "/blocks"))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(
                "{\"blocks\":[{\"label\":\"human\",\"value\":\"Name: unknown\"}]}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    return agentId;
  }
}
