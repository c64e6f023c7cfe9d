package dev.engram.bench;

import dev.engram.local.EngramInfra;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The floor under one agent step: a raw Kafka produce-to-consume round trip plus one PostgreSQL
 * commit, on the same broker and database server the platform uses, with no framework in between.
 */
public final class FloorBench {
  static final String TOPIC = "engram.bench.floor";
  static final String DATABASE = "engram_bench";
  private static final Duration POLL = Duration.ofMillis(10);
  private static final String PAYLOAD = "{\"type\":\"bench_floor\",\"agent_id\":\"agent-00000000-0000-4000-8000-"
      + "000000000000\",\"text\":\"" + "x".repeat(160) + "\"}";

  /** Floor latencies: the whole round trip and its Kafka and PostgreSQL parts. */
  public record Result(LatencyStats total, LatencyStats kafka, LatencyStats postgres) {}

  private FloorBench() {}

  /** Measures {@code iterations} round trips after {@code warmup} untimed ones. */
  public static Result run(EngramInfra infra, int warmup, int iterations) throws Exception {
    infra.createTopics(List.of(TOPIC), 1);
    infra.createDatabase(DATABASE);
    TopicPartition partition = new TopicPartition(TOPIC, 0);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(infra.bootstrapServers()));
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig(infra.bootstrapServers()));
        Connection db = DriverManager.getConnection(infra.jdbcUrl(DATABASE), "postgres", "postgres")) {
      try (Statement ddl = db.createStatement()) {
        ddl.execute("CREATE TABLE IF NOT EXISTS bench_floor (id bigserial PRIMARY KEY, payload text NOT NULL,"
            + " created_at timestamptz NOT NULL DEFAULT now())");
      }
      db.setAutoCommit(false);
      consumer.assign(List.of(partition));
      consumer.seekToEnd(List.of(partition));
      // Resolves the lazy seek now, so the first timed poll does not pay for an offset lookup.
      consumer.position(partition);
      try (PreparedStatement insert = db.prepareStatement("INSERT INTO bench_floor (payload) VALUES (?)")) {
        for (int i = 0; i < warmup; i++) {
          roundTrip(producer, consumer, db, insert, "warmup-" + i);
        }
        long[] total = new long[iterations];
        long[] kafka = new long[iterations];
        long[] postgres = new long[iterations];
        for (int i = 0; i < iterations; i++) {
          long[] parts = roundTrip(producer, consumer, db, insert, "timed-" + i);
          kafka[i] = parts[0];
          postgres[i] = parts[1];
          total[i] = parts[0] + parts[1];
        }
        return new Result(LatencyStats.of(total), LatencyStats.of(kafka), LatencyStats.of(postgres));
      }
    }
  }

  /** One produce, consume-until-seen and insert-commit; returns the Kafka and PostgreSQL nanos. */
  private static long[] roundTrip(KafkaProducer<String, String> producer, KafkaConsumer<String, String> consumer,
      Connection db, PreparedStatement insert, String key)
      throws InterruptedException, ExecutionException, SQLException {
    long start = System.nanoTime();
    producer.send(new ProducerRecord<>(TOPIC, key, PAYLOAD)).get();
    boolean seen = false;
    while (!seen) {
      for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
        seen |= key.equals(record.key());
      }
    }
    long consumed = System.nanoTime();
    insert.setString(1, PAYLOAD);
    insert.executeUpdate();
    db.commit();
    long committed = System.nanoTime();
    return new long[] {consumed - start, committed - consumed};
  }

  private static Map<String, Object> producerConfig(String bootstrap) {
    return Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.LINGER_MS_CONFIG, 0,
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
  }

  private static Map<String, Object> consumerConfig(String bootstrap) {
    return Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
  }
}
