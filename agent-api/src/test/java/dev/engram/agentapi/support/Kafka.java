package dev.engram.agentapi.support;

import static org.awaitility.Awaitility.await;

import dev.engram.contracts.Json;
import dev.engram.contracts.Topics;
import dev.engram.contracts.events.AgentInboxEvent;
import dev.engram.contracts.events.DomainEvent;
import dev.engram.contracts.events.EventTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

/** Plays step-runner in tests: reads agent-api's inbox events and produces run events, with plain Kafka clients. */
public final class Kafka implements AutoCloseable {
  private final KafkaProducer<String, String> producer;
  private final KafkaConsumer<String, String> inbox;
  private final List<AgentInboxEvent> seen = new ArrayList<>();

  public Kafka() {
    String servers = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    inbox = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer());
    // Assigned rather than subscribed: no consumer group to join, so reading starts at once.
    List<TopicPartition> partitions = inbox.partitionsFor(Topics.AGENT_INBOX).stream()
        .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
    inbox.assign(partitions);
    inbox.seekToBeginning(partitions);
  }

  /** Publishes events to their topics, keyed as the outbox keys them, and waits for the broker. */
  public void produce(DomainEvent... events) {
    try {
      for (DomainEvent event : events) {
        producer.send(new ProducerRecord<>(EventTopics.topicOf(event), event.key(), Json.write(event)))
            .get(10, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      throw new IllegalStateException("Could not produce test events", e);
    }
  }

  /** Waits for the {@code index}-th (0-based) inbox event of {@code agentId} of type {@code type}. */
  public <T extends AgentInboxEvent> T awaitInbox(String agentId, Class<T> type, int index) {
    return await().atMost(Duration.ofSeconds(30)).until(() -> {
      for (ConsumerRecord<String, String> r : inbox.poll(Duration.ofMillis(200))) {
        seen.add(EventTopics.parse(r.value(), AgentInboxEvent.class));
      }
      List<T> matching = seen.stream().filter(e -> e.agentId().equals(agentId)).filter(type::isInstance)
          .map(type::cast).toList();
      return matching.size() > index ? matching.get(index) : null;
    }, e -> e != null);
  }

  /** Keeps reading the inbox for {@code duration} (to see what else arrives). */
  public void readFor(Duration duration) {
    long end = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() < end) {
      for (ConsumerRecord<String, String> r : inbox.poll(Duration.ofMillis(100))) {
        seen.add(EventTopics.parse(r.value(), AgentInboxEvent.class));
      }
    }
  }

  /** Inbox events of {@code agentId} read so far. */
  public List<AgentInboxEvent> seenFor(String agentId) {
    return seen.stream().filter(e -> e.agentId().equals(agentId)).toList();
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
    inbox.close(Duration.ofSeconds(5));
  }
}
