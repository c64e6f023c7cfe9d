package dev.engram.local;

import dev.engram.contracts.Topics;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** A real in-process single-node KRaft Kafka broker (combined broker and controller). */
public final class EmbeddedKafka implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(EmbeddedKafka.class.getName());
  /** Partitions of every pre-created topic, also the broker's default for auto-created ones. */
  public static final int DEFAULT_PARTITIONS = 4;
  private static final String HOST = "127.0.0.1";
  private static final String THROWAWAY_PREFIX = "engram-kafka-";

  private final EmbeddedKafkaBroker broker;
  private final Admin admin;
  private final String bootstrapServers;
  private final Path logDir;
  private final StopOnce stopper;

  private EmbeddedKafka(EmbeddedKafkaBroker broker, Admin admin, String bootstrapServers, Path logDir) {
    this.broker = broker;
    this.admin = admin;
    this.bootstrapServers = bootstrapServers;
    this.logDir = logDir;
    this.stopper = new StopOnce("engram-kafka-shutdown", this::stop);
  }

  /**
   * Starts a broker and pre-creates every {@link Topics#ALL} topic with its dead-letter companion.
   * With a {@code logDir} the broker keeps its data there and a later start on the same directory
   * reuses the cluster id, topics and records; with null it uses a temp dir deleted on close.
   * {@code port} 0 picks a free port.
   */
  public static EmbeddedKafka start(Path logDir, int port) {
    long started = System.nanoTime();
    Path dir;
    try {
      dir = logDir == null ? throwawayDir() : Files.createDirectories(logDir.toAbsolutePath());
    } catch (IOException e) {
      throw new UncheckedIOException("could not create Kafka log dir", e);
    }
    EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker()
        .withNodeId(1)
        .withKafkaHost(HOST)
        .withKafkaPort(port)
        .withDeleteLogDirsOnClose(logDir == null)
        .withAdditionalProperties(props -> configure(props, dir, logDir != null));
    // The companion formats with a fresh random id; a formatted directory must keep its own.
    String clusterId = existingClusterId(dir);
    if (clusterId != null) {
      broker.withClusterId(clusterId);
    }
    try {
      broker.start();
    } catch (RuntimeException e) {
      if (logDir == null) {
        TempDirs.deleteQuietly(dir);
      }
      throw e;
    }
    Admin admin = null;
    try {
      // The companion reports listeners as PLAINTEXT://host:port; clients document plain host:port.
      String bootstrap = broker.getAdvertisedListeners().replaceAll("[A-Za-z_]+://", "");
      admin = Admin.create(adminConfig(bootstrap));
      EmbeddedKafka kafka = new EmbeddedKafka(broker, admin, bootstrap, dir);
      long brokerReady = System.nanoTime();
      List<String> topics = new ArrayList<>();
      for (String topic : Topics.ALL) {
        topics.add(topic);
        topics.add(Topics.deadLetter(topic));
      }
      kafka.createTopics(topics, DEFAULT_PARTITIONS);
      kafka.stopper.registerHook();
      long now = System.nanoTime();
      LOG.log(Level.INFO, String.format("Kafka started on %s in %d ms (broker %d ms, topics %d ms; log dir: %s)",
          kafka.bootstrapServers(), (now - started) / 1_000_000, (brokerReady - started) / 1_000_000,
          (now - brokerReady) / 1_000_000, kafka.logDir));
      return kafka;
    } catch (RuntimeException e) {
      if (admin != null) {
        admin.close();
      }
      broker.close();
      throw e;
    }
  }

  /** The {@code host:port} list for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** The directory holding the broker's metadata and topic data. */
  public Path logDir() {
    return logDir;
  }

  /** Creates the topics that do not exist yet, each with {@code partitions} partitions and one replica. */
  public void createTopics(Collection<String> names, int partitions) {
    createTopics(admin, names, partitions);
  }

  static void createTopics(String bootstrapServers, Collection<String> names, int partitions) {
    try (Admin admin = Admin.create(adminConfig(bootstrapServers))) {
      createTopics(admin, names, partitions);
    }
  }

  private static void createTopics(Admin admin, Collection<String> names, int partitions) {
    List<String> distinct = names.stream().distinct().toList();
    List<NewTopic> topics = distinct.stream().map(n -> new NewTopic(n, partitions, (short) 1)).toList();
    Map<String, KafkaFuture<Void>> results = admin.createTopics(topics).values();
    for (Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
      try {
        result.getValue().get(30, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException("could not create topic " + result.getKey(), e.getCause());
        }
      } catch (TimeoutException e) {
        throw new IllegalStateException("timed out creating topic " + result.getKey(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted creating topic " + result.getKey(), e);
      }
    }
    awaitServed(admin, distinct);
  }

  /*
   * The controller acknowledges a creation before the broker has applied it: until then clients get
   * UNKNOWN_TOPIC_OR_PARTITION. Describing goes through the broker's own metadata, so once every
   * topic is described with a leader on each partition, producers and consumers find them at once.
   */
  private static void awaitServed(Admin admin, List<String> names) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        boolean ready = admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS).values().stream()
            .allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
        if (ready) {
          return;
        }
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw new IllegalStateException("could not describe topics " + names, e.getCause());
        }
      } catch (TimeoutException e) {
        // Retried below until the overall deadline.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for topics " + names, e);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("topics not served within 30 s: " + names);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for topics " + names, e);
      }
    }
  }

  /**
   * Leaves stopping this broker to the caller: the JVM shutdown hook is removed, so a caller that must stop
   * the processes using it first (as {@link Platform} does) is not raced by it. The caller must close it.
   */
  public void handOverShutdown() {
    stopper.handOver();
  }

  /** Stops the broker; a temp log dir is deleted, a given one is kept. Idempotent. */
  @Override
  public void close() {
    stopper.close();
  }

  private void stop() {
    long begun = System.nanoTime();
    admin.close(Duration.ofSeconds(5));
    broker.close();
    LOG.log(Level.INFO, String.format("Kafka stopped in %d ms", (System.nanoTime() - begun) / 1_000_000));
  }

  private static Properties adminConfig(String bootstrapServers) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, "engram-local-admin");
    return props;
  }

  /*
   * An in-process broker dies with its JVM, and a JVM killed outright (a surefire timeout, kill -9)
   * never deletes its temp log dir. The owner's pid is in the name so that later starts can sweep
   * the directories of JVMs that are gone.
   */
  private static Path throwawayDir() throws IOException {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    try (var stale = Files.newDirectoryStream(tmp, THROWAWAY_PREFIX + "*")) {
      for (Path candidate : stale) {
        String[] parts = candidate.getFileName().toString().substring(THROWAWAY_PREFIX.length()).split("-", 2);
        try {
          if (ProcessHandle.of(Long.parseLong(parts[0])).isEmpty()) {
            TempDirs.deleteQuietly(candidate);
          }
        } catch (NumberFormatException e) {
          // Not one of ours.
        }
      }
    }
    return Files.createTempDirectory(tmp, THROWAWAY_PREFIX + ProcessHandle.current().pid() + "-");
  }

  private static void configure(Properties props, Path dir, boolean persistent) {
    props.put("log.dir", dir.toString());
    props.put("num.partitions", Integer.toString(DEFAULT_PARTITIONS));
    props.put("auto.create.topics.enable", "true");
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "4");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("transaction.state.log.num.partitions", "4");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    // Without it a restarted broker finds its previous incarnation still registered and waits out the
    // 9 s broker session timeout (DUPLICATE_BROKER_REGISTRATION) before it can serve. A throwaway
    // broker is never restarted, so it skips the extra second this costs at shutdown.
    props.put("controlled.shutdown.enable", Boolean.toString(persistent));
    // Two cores are shared with PostgreSQL and the services: the defaults (3 network, 8 I/O) only add threads.
    props.put("num.network.threads", "2");
    props.put("num.io.threads", "2");
    props.put("background.threads", "2");
  }

  private static String existingClusterId(Path dir) {
    Path meta = dir.resolve("meta.properties");
    if (!Files.exists(meta)) {
      return null;
    }
    Properties props = new Properties();
    try (InputStream in = Files.newInputStream(meta)) {
      props.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + meta, e);
    }
    return props.getProperty("cluster.id");
  }
}
