package dev.engram.memory.archival;

import dev.engram.contracts.Ids;
import dev.engram.contracts.api.EmbeddingConfig;
import dev.engram.memory.archival.ArchivalRequests.ArchiveCreate;
import dev.engram.memory.archival.ArchivalRequests.ArchiveUpdate;
import dev.engram.memory.archival.ArchivalRequests.PassageCreate;
import dev.engram.memory.embedding.Embedder;
import dev.engram.memory.embedding.Embeddings;
import dev.engram.platform.rest.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Archives, their agents and their passages: every write stores the row, logs the change and updates the index after commit. */
@ApplicationScoped
public class ArchivalService {
  private final ArchivalRepository repository;
  private final ArchivalIndex index;
  private final Embeddings embeddings;

  ArchivalService(ArchivalRepository repository, ArchivalIndex index, Embeddings embeddings) {
    this.repository = repository;
    this.index = index;
    this.embeddings = embeddings;
  }

  /** Creates an archive embedded with the handle {@code embedding}, else {@code embedding_config}, else the default. */
  @Transactional
  public ArchiveEntity create(ArchiveCreate request) {
    if (request == null || request.name() == null || request.name().isBlank()) {
      throw ApiException.unprocessable("name: Field required");
    }
    Embedder embedder = request.embedding() != null && !request.embedding().isBlank()
        ? embeddings.forHandle(request.embedding()) : embeddings.forConfig(request.embeddingConfig());
    ArchiveEntity archive = new ArchiveEntity(Ids.newId(Ids.ARCHIVE), request.name(), request.description(),
        request.metadata() == null ? Map.of() : request.metadata(), embedder.config(), "native", Ids.DEFAULT_USER,
        Ids.DEFAULT_USER, null, null);
    repository.insertArchive(archive);
    return repository.findArchive(archive.id()).orElseThrow();
  }

  /** The archive {@code id}, or a 404. */
  public ArchiveEntity get(String id) {
    return repository.findArchive(id).orElseThrow(() -> ApiException.notFound("Archive with id '" + id
        + "' not found"));
  }

  /**
   * The archive {@code id} for a search, or a 404: from this replica's indexes when it holds them (a search
   * needs only the id and embedding config, which never change), else from PostgreSQL.
   */
  public ArchiveEntity getForSearch(String id) {
    return index.heldArchive(id).orElseGet(() -> get(id));
  }

  /** Applies the fields present in {@code update}. */
  @Transactional
  public ArchiveEntity update(String id, ArchiveUpdate update) {
    get(id);
    if (update != null && update.name() != null && update.name().isBlank()) {
      throw ApiException.unprocessable("name: must not be blank");
    }
    if (update != null) {
      repository.updateArchive(id, update.name(), update.description(), Ids.DEFAULT_USER);
    }
    return get(id);
  }

  /** Deletes an archive, its passages and its attachments; every replica drops its index. */
  @Transactional
  public void delete(String id) {
    if (!repository.deleteArchive(id)) {
      throw ApiException.notFound("Archive with id '" + id + "' not found");
    }
    repository.logArchiveDeleted(id, index.origin());
    index.dropAfterCommit(id);
  }

  /** Lists archives (see {@link ArchivalRepository#listArchives}). */
  public List<ArchiveEntity> list(String agentId, String name, String before, String after, int limit, boolean asc) {
    return repository.listArchives(agentId, name, before, after, limit, asc);
  }

  /** Ids of the agents an archive is attached to. */
  public List<String> agentsOf(String archiveId, String before, String after, int limit, boolean asc) {
    get(archiveId);
    return repository.agentsOf(archiveId, before, after, limit, asc);
  }

  /** Attaches an archive to an agent (idempotent); returns the agent's archive ids. */
  @Transactional
  public List<String> attach(String agentId, String archiveId) {
    get(archiveId);
    repository.lockAgent(agentId);
    repository.attach(agentId, archiveId);
    return archiveIds(agentId);
  }

  /** Detaches an archive from an agent (idempotent); returns the agent's archive ids. */
  @Transactional
  public List<String> detach(String agentId, String archiveId) {
    get(archiveId);
    repository.lockAgent(agentId);
    repository.detach(agentId, archiveId);
    return archiveIds(agentId);
  }

  /** The agent's archives, its default (earliest attached) first. */
  public List<ArchiveEntity> archivesOf(String agentId) {
    return repository.archivesOf(agentId);
  }

  /** Ids of the agent's archives, default first. */
  public List<String> archiveIds(String agentId) {
    return repository.archivesOf(agentId).stream().map(ArchiveEntity::id).toList();
  }

  /**
   * The agent's default archive, created and attached if it has none, as Letta does on the first archival
   * insert: embedded with the model {@code embeddingHandle} names (the agent's), or the default model when
   * null; a handle this server cannot serve is a 400. Joins the caller's transaction.
   */
  @Transactional
  public ArchiveEntity defaultArchive(String agentId, String embeddingHandle) {
    List<ArchiveEntity> archives = repository.archivesOf(agentId);
    if (!archives.isEmpty()) {
      return archives.get(0);
    }
    repository.lockAgent(agentId);
    archives = repository.archivesOf(agentId);
    if (!archives.isEmpty()) {
      return archives.get(0);
    }
    ArchiveEntity archive = new ArchiveEntity(Ids.newId(Ids.ARCHIVE), agentId + "'s Archive",
        "Default archive of agent " + agentId, Map.of(), embeddings.forHandle(embeddingHandle).config(), "native",
        Ids.DEFAULT_USER, Ids.DEFAULT_USER, null, null);
    repository.insertArchive(archive);
    repository.attach(agentId, archive.id());
    return repository.findArchive(archive.id()).orElseThrow();
  }

  /**
   * Embeds and stores passages in an archive, in the caller's transaction when there is one (a tool call's);
   * the index learns them only once that transaction commits.
   */
  @Transactional
  public List<PassageEntity> insert(ArchiveEntity archive, List<PassageCreate> creates) {
    List<String> problems = new ArrayList<>();
    List<Instant> times = new ArrayList<>();
    for (int i = 0; i < creates.size(); i++) {
      PassageCreate c = creates.get(i);
      if (c == null || c.text() == null) {
        problems.add((creates.size() > 1 ? "passages[" + i + "]." : "") + "text: Field required");
        times.add(null);
        continue;
      }
      times.add(c.createdAt() == null || c.createdAt().isBlank() ? null
          : ArchivalTimes.parseOrThrow("created_at", c.createdAt(), false));
    }
    if (!problems.isEmpty()) {
      throw ApiException.unprocessable(String.join("; ", problems));
    }
    Embedder embedder = embedder(archive);
    List<float[]> vectors = embedder.embed(creates.stream().map(PassageCreate::text).toList());
    Instant now = Instant.now();
    List<PassageEntity> passages = new ArrayList<>(creates.size());
    for (int i = 0; i < creates.size(); i++) {
      PassageCreate c = creates.get(i);
      Instant created = times.get(i) == null ? now : times.get(i);
      passages.add(new PassageEntity(Ids.newId(Ids.PASSAGE), archive.id(), c.text(), vectors.get(i),
          c.tags() == null ? List.of() : List.copyOf(c.tags()), c.metadata() == null ? Map.of() : c.metadata(),
          Ids.DEFAULT_USER, Ids.DEFAULT_USER, created, now));
    }
    return store(archive, passages);
  }

  /**
   * Stores passages whose vectors are already computed (checked against the archive's model by the caller);
   * returns them as stored: times at PostgreSQL's microsecond precision, so the copy the indexes keep (and
   * serve search results from) equals the row.
   */
  @Transactional
  public List<PassageEntity> store(ArchiveEntity archive, List<PassageEntity> passages) {
    List<PassageEntity> stored = passages.stream().map(p -> new PassageEntity(p.id(), p.archiveId(), p.text(),
        p.embedding(), p.tags(), p.metadata(), p.createdById(), p.lastUpdatedById(), micros(p.createdAt()),
        micros(p.updatedAt()))).toList();
    repository.insertPassages(stored, index.origin());
    index.addAfterCommit(archive.id(), stored);
    return stored;
  }

  private static Instant micros(Instant t) {
    return t == null ? null : t.truncatedTo(ChronoUnit.MICROS);
  }

  /** Deletes a passage of an archive, or a 404. */
  @Transactional
  public void deletePassage(String archiveId, String passageId) {
    get(archiveId);
    if (!repository.deletePassage(archiveId, passageId, index.origin())) {
      throw ApiException.notFound("Passage with id '" + passageId + "' not found in archive " + archiveId);
    }
    index.removeAfterCommit(archiveId, passageId);
  }

  /** Deletes a passage from any of the agent's archives, or a 404. */
  @Transactional
  public void deleteAgentPassage(String agentId, String passageId) {
    PassageEntity p = repository.findPassage(passageId).orElse(null);
    if (p == null || !archiveIds(agentId).contains(p.archiveId())) {
      throw ApiException.notFound("Passage with id '" + passageId + "' not found for agent " + agentId);
    }
    repository.deletePassage(p.archiveId(), passageId, index.origin());
    index.removeAfterCommit(p.archiveId(), passageId);
  }

  /** Passages of the agent's archives (see {@link ArchivalRepository#listPassages}). */
  public List<PassageEntity> listAgentPassages(String agentId, String after, String before, int limit, boolean asc,
      String text) {
    List<String> ids = archiveIds(agentId);
    return ids.isEmpty() ? List.of() : repository.listPassages(ids, after, before, limit, asc, text);
  }

  /** Number of passages and distinct tags in the agent's archives (for the prompt's memory metadata). */
  public Map<String, Object> agentStats(String agentId) {
    AgentArchivalStats stats = stats(agentId);
    return Map.of("count", stats.count(), "tags", stats.tags(), "archive_ids", stats.archiveIds());
  }

  /** The agent's archives, how many passages they hold and their distinct tags. */
  public record AgentArchivalStats(List<String> archiveIds, long count, List<String> tags) {
  }

  /** Passage count and distinct tags of the agent's archives. */
  public AgentArchivalStats stats(String agentId) {
    List<String> ids = archiveIds(agentId);
    return ids.isEmpty() ? new AgentArchivalStats(ids, 0, List.of())
        : new AgentArchivalStats(ids, repository.countPassages(ids), repository.tags(ids));
  }

  /** The archive's embedding model, or a 400 when this server cannot run it. */
  public Embedder embedder(ArchiveEntity archive) {
    EmbeddingConfig c = archive.embeddingConfig();
    Embedder embedder = c.handle() != null ? embeddings.forHandle(c.handle()) : embeddings.forConfig(c);
    if (!embedder.config().sameModelAs(c)) {
      throw ApiException.badRequest("Archive " + archive.id() + " is embedded with " + describe(c) + " but "
          + describe(embedder.config()) + " is what this server runs for that handle");
    }
    return embedder;
  }

  /** {@code model (N dims)} for error messages. */
  static String describe(EmbeddingConfig c) {
    return (c.handle() != null ? c.handle() : c.embeddingModel()) + " (" + c.embeddingDim() + " dims)";
  }
}
