package dev.engram.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads every record of a topic from its beginning, as a requester would see them; for tests. */
public final class TopicReader implements AutoCloseable {
  private final KafkaConsumer<String, String> consumer;
  private final List<String> values = new ArrayList<>();

  public TopicReader(String bootstrapServers, String topic) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
        .map(p -> new TopicPartition(topic, p.partition()))
        .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** Fetches what arrived since the last call (waiting briefly) and returns every value read so far. */
  public List<String> values() {
    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
      values.add(record.value());
    }
    return List.copyOf(values);
  }

  @Override
  public void close() {
    consumer.close();
  }
}
