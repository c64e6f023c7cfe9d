package dev.engram.summarizer.messaging;

import dev.engram.local.TopicReader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.contracts.Ids;
import dev.engram.contracts.Json;
import dev.engram.contracts.Topics;
import dev.engram.contracts.events.ContextWindowOverflowed;
import dev.engram.contracts.events.ContextWindowOverflowed.TranscriptLine;
import dev.engram.contracts.events.ConversationSummarized;
import dev.engram.contracts.events.EventTopics;
import dev.engram.contracts.events.SummarizationFailed;
import dev.engram.contracts.events.SummaryEvent;
import dev.engram.local.EngramInfraTestResource;
import dev.engram.platform.db.Sql;
import dev.engram.scriptedmodel.ScriptedModelServer;
import dev.engram.summarizer.messaging.ScriptedModelTestResource.InjectScriptedModel;
import dev.engram.summarizer.summary.Summarizer;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = EngramInfraTestResource.class,
    initArgs = @ResourceArg(name = EngramInfraTestResource.DATABASE_ARG, value = "summarizer"))
@QuarkusTestResource(ScriptedModelTestResource.class)
class ContextConsumerTest {
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final String MODEL = "scripted/scripted-model";

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  @InjectScriptedModel
  ScriptedModelServer model;

  @Inject
  MeterRegistry meters;

  @Inject
  Sql sql;

  private KafkaProducer<String, String> producer;
  private TopicReader summaries;

  @BeforeEach
  void connect() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    summaries = new TopicReader(bootstrapServers, Topics.SUMMARIES);
  }

  @AfterEach
  void disconnect() {
    producer.close();
    summaries.close();
  }

  @Test
  void evictedMessagesAreSummarizedByTheAgentsModel() {
    ContextWindowOverflowed request = overflow("The assistant promised to look up train times.",
        "Hi, I am Ada. <<script>> [{\"text\": \"The user is called Ada.\"}] <</script>>");
    send(request);

    SummaryEvent answer = awaitAnswers(request, 1).getFirst();

    assertThat(answer).isInstanceOfSatisfying(ConversationSummarized.class, summarized -> {
      assertThat(summarized.summary()).isEqualTo("The user is called Ada.");
      assertThat(summarized.requestEventId()).isEqualTo(request.eventId());
      assertThat(summarized.agentId()).isEqualTo(request.agentId());
      assertThat(summarized.runId()).isEqualTo(request.runId());
      assertThat(summarized.evictedMessageIds())
          .containsExactlyElementsOf(request.evicted().stream().map(TranscriptLine::messageId).toList());
    });
    assertThat(sql.queryOne("SELECT status, summary FROM summary_jobs WHERE request_event_id = ?",
        rs -> rs.getString(1) + ": " + rs.getString(2), request.eventId()))
        .contains("summarized: The user is called Ada.");
  }

  @Test
  void modelErrorIsReportedAsSummarizationFailed() {
    ContextWindowOverflowed request = overflow(null,
        "Remember me. <<script>> [{\"error\": 400, \"message\": \"bad\"}] <</script>>");
    send(request);

    SummaryEvent answer = awaitAnswers(request, 1).getFirst();

    assertThat(answer).isInstanceOfSatisfying(SummarizationFailed.class, failed -> {
      assertThat(failed.requestEventId()).isEqualTo(request.eventId());
      assertThat(failed.error())
          .isEqualTo("Summarizing the evicted messages with model '" + MODEL + "' failed (llm_bad_request): bad");
    });
  }

  @Test
  void overflowWithoutEvictedMessagesFails() {
    ContextWindowOverflowed request = new ContextWindowOverflowed(Ids.newId(Ids.EVENT), Ids.newId(Ids.AGENT),
        Ids.newId(Ids.RUN), MODEL, 8192, "post_step", null, List.of(), Instant.now());
    send(request);

    assertThat(awaitAnswers(request, 1).getFirst()).isInstanceOfSatisfying(SummarizationFailed.class,
        failed -> assertThat(failed.error()).isEqualTo(
            "The context overflow evicted no messages, so there is nothing to summarize."));
  }

  @Test
  void duplicateDeliveryIsAnsweredOnlyOnce() {
    ContextWindowOverflowed request = overflow(null,
        "I am Grace. <<script>> [{\"text\": \"The user is called Grace.\"}] <</script>>");
    send(request);
    awaitAnswers(request, 1);
    long modelCalls = model.requestCount();
    double duplicatesBefore = duplicates();

    send(request);

    await().atMost(PATIENCE).until(() -> duplicates() == duplicatesBefore + 1);
    assertThat(answersOf(request)).hasSize(1);
    assertThat(model.requestCount()).isEqualTo(modelCalls);
  }

  private ContextWindowOverflowed overflow(String previousSummary, String lastUserText) {
    List<TranscriptLine> evicted = List.of(
        new TranscriptLine(Ids.newId(Ids.MESSAGE), "user", "Good morning!"),
        new TranscriptLine(Ids.newId(Ids.MESSAGE), "assistant", "Good morning, how can I help?"),
        new TranscriptLine(Ids.newId(Ids.MESSAGE), "user", lastUserText));
    return new ContextWindowOverflowed(Ids.newId(Ids.EVENT), Ids.newId(Ids.AGENT), Ids.newId(Ids.RUN), MODEL, 8192,
        "post_step", previousSummary, evicted, Instant.now());
  }

  private void send(ContextWindowOverflowed request) {
    producer.send(new ProducerRecord<>(Topics.CONTEXT, request.key(), Json.write(request)));
    producer.flush();
  }

  private List<SummaryEvent> awaitAnswers(ContextWindowOverflowed request, int count) {
    return await().atMost(PATIENCE).pollInSameThread().pollInterval(Duration.ofMillis(10))
        .until(() -> answersOf(request), found -> found.size() >= count);
  }

  private List<SummaryEvent> answersOf(ContextWindowOverflowed request) {
    return summaries.values().stream()
        .map(v -> EventTopics.parse(v, SummaryEvent.class))
        .filter(e -> e.requestEventId().equals(request.eventId()))
        .toList();
  }

  private double duplicates() {
    var counter = meters.find("engram.summarizer.requests").tag("outcome", Summarizer.DUPLICATE).counter();
    return counter == null ? 0 : counter.count();
  }
}
