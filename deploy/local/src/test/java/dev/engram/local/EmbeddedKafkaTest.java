package dev.engram.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.contracts.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaTest {

  @Test
  void throwawayBrokerHasAllTopicsAndRoundTripsARecord() throws Exception {
    Path logDir;
    try (EmbeddedKafka kafka = EmbeddedKafka.start(null, 0)) {
      logDir = kafka.logDir();
      assertThat(kafka.bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+");
      Set<String> topics;
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
        topics = admin.listTopics().names().get();
        assertThat(admin.describeTopics(List.of(Topics.AGENT_INBOX)).allTopicNames().get()
            .get(Topics.AGENT_INBOX).partitions()).hasSize(EmbeddedKafka.DEFAULT_PARTITIONS);
      }
      for (String topic : Topics.ALL) {
        assertThat(topics).contains(topic, Topics.deadLetter(topic));
      }
      kafka.createTopics(List.of(Topics.AGENT_INBOX, "engram.test.extra"), 2);

      send(kafka.bootstrapServers(), "engram.test.extra", "k", "hello");
      assertThat(readAll(kafka.bootstrapServers(), "engram.test.extra", 2)).containsExactly("k=hello");
    }
    assertThat(logDir).doesNotExist();
  }

  @Test
  void persistentBrokerKeepsRecordsAcrossRestarts(@TempDir Path dir) throws Exception {
    Path logDir = dir.resolve("kafka");
    String clusterId;
    try (EmbeddedKafka kafka = EmbeddedKafka.start(logDir, 0)) {
      send(kafka.bootstrapServers(), Topics.AGENT_INBOX, "agt_1", "created yesterday");
      clusterId = clusterId(kafka.bootstrapServers());
    }
    try (EmbeddedKafka kafka = EmbeddedKafka.start(logDir, 0)) {
      assertThat(clusterId(kafka.bootstrapServers())).isEqualTo(clusterId);
      assertThat(readAll(kafka.bootstrapServers(), Topics.AGENT_INBOX, EmbeddedKafka.DEFAULT_PARTITIONS))
          .containsExactly("agt_1=created yesterday");
    }
  }

  private static String clusterId(String bootstrap) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      return admin.describeCluster().clusterId().get();
    }
  }

  private static void send(String bootstrap, String topic, String key, String value) throws Exception {
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    }
  }

  private static List<String> readAll(String bootstrap, String topic, int partitions) {
    List<TopicPartition> assigned = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      assigned.add(new TopicPartition(topic, p));
    }
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
      // Manual assignment: no group coordinator round trips, so the read is quick.
      consumer.assign(assigned);
      consumer.seekToBeginning(assigned);
      Map<TopicPartition, Long> end = consumer.endOffsets(assigned);
      List<String> seen = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (assigned.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          seen.add(record.key() + "=" + record.value());
        }
      }
      return seen;
    }
  }
}
