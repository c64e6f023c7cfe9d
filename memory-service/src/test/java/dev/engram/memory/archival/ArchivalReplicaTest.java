package dev.engram.memory.archival;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engram.contracts.Ids;
import dev.engram.local.EngramInfraTestResource;
import dev.engram.memory.archival.ArchivalRequests.ArchiveCreate;
import dev.engram.memory.archival.ArchivalRequests.PassageCreate;
import dev.engram.memory.vector.KeywordIndex;
import dev.engram.memory.vector.VectorHit;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The index follows commits only: of this replica at once, of other replicas through the change log. */
@QuarkusTest
@QuarkusTestResource(value = EngramInfraTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "memory"))
class ArchivalReplicaTest {
  @Inject
  ArchivalService archives;
  @Inject
  ArchivalRepository repository;
  @Inject
  ArchivalIndex index;

  @Test
  void aRolledBackInsertNeverReachesTheIndex() {
    ArchiveEntity archive = archives.create(new ArchiveCreate("rollback-" + UUID.randomUUID(), null, null, null,
        null));
    archives.insert(archive, List.of(new PassageCreate("kept passage about sailing boats", null, null, null)));
    // Held in memory before the failing transaction, so a premature index update would show.
    assertThat(index.index(archive).size()).isEqualTo(1);
    assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
      archives.insert(archive, List.of(new PassageCreate("rolled back passage about mountain goats", null, null,
          null)));
      throw new IllegalStateException("fail after the insert");
    })).isInstanceOf(IllegalStateException.class);
    float[] goats = archives.embedder(archive).embed("rolled back passage about mountain goats");
    index.catchUp();
    List<VectorHit<PassageMeta>> hits = index.index(archive).search(goats, 10, null, true).hits();
    assertThat(hits).hasSize(1);
    assertThat(index.indexes(archive).keywords().search("mountain goats", 10, null)).isEmpty();
    assertThat(repository.countPassages(List.of(archive.id()))).isEqualTo(1);
  }

  @Test
  void anotherReplicasInsertsAndDeletesArriveThroughTheChangeLog() {
    ArchiveEntity archive = archives.create(new ArchiveCreate("replica-" + UUID.randomUUID(), null, null, null,
        null));
    archives.insert(archive, List.of(new PassageCreate("local passage", null, null, null)));
    assertThat(index.index(archive).size()).isEqualTo(1);

    // Another replica commits a passage: it writes the row and the change, and only its own index knows.
    float[] vector = archives.embedder(archive).embed("remote passage about violins");
    String remoteId = Ids.newId(Ids.PASSAGE);
    QuarkusTransaction.requiringNew().run(() -> repository.insertPassages(List.of(new PassageEntity(remoteId,
        archive.id(), "remote passage about violins", vector, List.of("music"), Map.of(), Ids.DEFAULT_USER,
        Ids.DEFAULT_USER, Instant.now(), Instant.now())), "other-replica"));
    assertThat(index.index(archive).contains(remoteId)).isFalse();
    index.catchUp();
    assertThat(index.index(archive).contains(remoteId)).isTrue();
    assertThat(index.index(archive).search(vector, 1, m -> m.tags().contains("music"), false).hits().get(0).id())
        .isEqualTo(remoteId);
    assertThat(index.indexes(archive).keywords().search("violins", 5, null)).extracting(KeywordIndex.Hit::id)
        .containsExactly(remoteId);

    QuarkusTransaction.requiringNew().run(() -> repository.deletePassage(archive.id(), remoteId, "other-replica"));
    index.catchUp();
    assertThat(index.index(archive).contains(remoteId)).isFalse();
    assertThat(index.indexes(archive).keywords().search("violins", 5, null)).isEmpty();
    // Reading the same changes again (a gap re-check, a restart) cannot bring the deleted passage back.
    index.catchUp();
    index.forgetAll();
    assertThat(index.index(archive).contains(remoteId)).isFalse();
    assertThat(index.index(archive).size()).isEqualTo(1);
    assertThat(index.indexes(archive).keywords().contains(remoteId)).isFalse();
    assertThat(index.indexes(archive).keywords().search("local passage", 5, null)).hasSize(1);
  }
}
