package dev.engram.bench;

import dev.engram.contracts.Topics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * Failures no HTTP status shows: records dead-lettered by the services, and how far their consumer
 * groups trail the topics (a backlog the next phase would pay for).
 */
public final class KafkaProbe implements AutoCloseable {
  private static final long TIMEOUT_SECONDS = 10;

  private final Admin admin;
  private final List<String> deadLetterTopics = Topics.ALL.stream().map(Topics::deadLetter).toList();

  public KafkaProbe(String bootstrapServers) {
    this.admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }

  /** Records in every dead-letter topic so far, by topic. */
  public Map<String, Long> deadLettered() {
    return records(deadLetterTopics);
  }

  /** Records in every event topic so far, by topic. */
  public Map<String, Long> events() {
    return records(Topics.ALL);
  }

  /** Records added per run to each event topic between two {@link #events()} results, as one line. */
  public static String eventsPerRun(Map<String, Long> before, Map<String, Long> after, int runs) {
    String perTopic = after.entrySet().stream()
        .filter(e -> e.getValue() > before.getOrDefault(e.getKey(), 0L))
        .map(e -> String.format("%s %.2f", e.getKey(), (e.getValue() - before.getOrDefault(e.getKey(), 0L))
            / (double) runs))
        .collect(Collectors.joining(", "));
    return perTopic.isEmpty() ? "none" : perTopic;
  }

  private Map<String, Long> records(List<String> names) {
    Map<String, TopicDescription> topics = await(admin.describeTopics(names).allTopicNames());
    List<TopicPartition> partitions = new ArrayList<>();
    topics.values().forEach(t -> t.partitions().forEach(p -> partitions.add(new TopicPartition(t.name(),
        p.partition()))));
    Map<String, Long> counts = new TreeMap<>();
    endOffsets(partitions).forEach((tp, end) -> counts.merge(tp.topic(), end, Long::sum));
    return counts;
  }

  /** Dead-letter topics that grew between two {@link #deadLettered()} results, as {@code topic +N}; "none" if none. */
  public static String deadLetterGrowth(Map<String, Long> before, Map<String, Long> after) {
    String grown = after.entrySet().stream()
        .filter(e -> e.getValue() > before.getOrDefault(e.getKey(), 0L))
        .map(e -> e.getKey() + " +" + (e.getValue() - before.getOrDefault(e.getKey(), 0L)))
        .collect(Collectors.joining(", "));
    return grown.isEmpty() ? "none" : grown;
  }

  /** Total records added to dead-letter topics between two {@link #deadLettered()} results. */
  public static long deadLetterTotal(Map<String, Long> before, Map<String, Long> after) {
    return after.entrySet().stream().mapToLong(e -> e.getValue() - before.getOrDefault(e.getKey(), 0L)).sum();
  }

  /**
   * Records not yet committed by each consumer group that commits offsets, by group. Committed
   * offsets may trail what a consumer has processed by its commit interval.
   */
  public Map<String, Long> lagByGroup() {
    Map<String, Long> lag = new TreeMap<>();
    Collection<ConsumerGroupListing> groups = await(admin.listConsumerGroups().all());
    for (ConsumerGroupListing group : groups) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          await(admin.listConsumerGroupOffsets(group.groupId()).partitionsToOffsetAndMetadata());
      committed.values().removeIf(o -> o == null);
      if (committed.isEmpty()) {
        continue;
      }
      long behind = 0;
      for (Map.Entry<TopicPartition, Long> end : endOffsets(committed.keySet()).entrySet()) {
        behind += Math.max(0, end.getValue() - committed.get(end.getKey()).offset());
      }
      lag.put(group.groupId(), behind);
    }
    return lag;
  }

  /**
   * Polls {@link #lagByGroup()} until every group has caught up or {@code maxSeconds} passed; one
   * line saying how far behind the groups were at first and how long catching up took.
   */
  public String awaitCaughtUp(double maxSeconds) throws InterruptedException {
    long start = System.nanoTime();
    Map<String, Long> first = lagByGroup();
    Map<String, Long> now = first;
    while (total(now) > 0 && (System.nanoTime() - start) / 1e9 < maxSeconds) {
      TimeUnit.MILLISECONDS.sleep(250);
      now = lagByGroup();
    }
    double waited = (System.nanoTime() - start) / 1e9;
    String behind = first.entrySet().stream().filter(e -> e.getValue() > 0)
        .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    if (behind.isEmpty()) {
      return "consumer groups caught up at phase end (committed offsets)";
    }
    String outcome = total(now) == 0
        ? String.format("all caught up %.1f s later", waited)
        : String.format("still behind after %.0f s: %s", waited, now.entrySet().stream()
            .filter(e -> e.getValue() > 0).map(e -> e.getKey() + " " + e.getValue())
            .collect(Collectors.joining(", ")));
    return "consumer lag at phase end (uncommitted records): " + behind + "; " + outcome;
  }

  private static long total(Map<String, Long> lag) {
    return lag.values().stream().mapToLong(Long::longValue).sum();
  }

  private Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions) {
    Map<TopicPartition, OffsetSpec> latest = partitions.stream()
        .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
    Map<TopicPartition, ListOffsetsResultInfo> offsets = await(admin.listOffsets(latest).all());
    return offsets.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
  }

  private static <T> T await(KafkaFuture<T> future) {
    try {
      return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while asking Kafka", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Kafka did not answer: " + e, e);
    }
  }

  @Override
  public void close() {
    admin.close();
  }
}
