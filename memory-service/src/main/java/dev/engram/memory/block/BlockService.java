package dev.engram.memory.block;

import dev.engram.contracts.Ids;
import dev.engram.contracts.MemoryPrompt;
import dev.engram.contracts.api.BlockCreate;
import dev.engram.contracts.api.BlockUpdate;
import dev.engram.contracts.api.BlockView;
import dev.engram.contracts.events.BlockDeleted;
import dev.engram.contracts.events.BlockUpdated;
import dev.engram.memory.MemoryServiceConfig;
import dev.engram.platform.db.Sql;
import dev.engram.platform.outbox.Outbox;
import dev.engram.platform.rest.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Creates, attaches, reads and updates core memory blocks; every change is announced with {@link BlockUpdated}. */
@ApplicationScoped
public class BlockService {

  private final BlockRepository blocks;
  private final Outbox outbox;
  private final MemoryServiceConfig config;

  BlockService(BlockRepository blocks, Outbox outbox, MemoryServiceConfig config) {
    this.blocks = blocks;
    this.outbox = outbox;
    this.config = config;
  }

  /**
   * Creates {@code request.blocks}, attaches them and {@code request.blockIds} to the agent and returns
   * all its blocks in attach order. A retry of a call that already succeeded (same labels with the same
   * values) changes nothing; any other label the agent already has is a 400.
   */
  @Transactional
  public List<BlockView> attach(String agentId, AttachBlocksRequest request) {
    List<BlockCreate> creates = request.blocks() == null ? List.of() : request.blocks();
    List<String> blockIds = request.blockIds() == null ? List.of() : request.blockIds();
    validate(creates, blockIds);
    blocks.lockAgent(agentId);

    Map<String, BlockEntity> existing = byId(blocks.findByIds(blockIds));
    for (String id : blockIds) {
      if (!existing.containsKey(id)) {
        throw ApiException.notFound("Block with id '" + id + "' not found");
      }
    }
    Set<String> requestLabels = new HashSet<>();
    creates.forEach(c -> requestLabels.add(c.label()));
    for (BlockEntity b : existing.values()) {
      if (!requestLabels.add(b.label())) {
        throw duplicateInRequest(b.label());
      }
    }

    List<BlockEntity> attached = blocks.attached(agentId);
    Map<String, BlockEntity> attachedByLabel = new LinkedHashMap<>();
    attached.forEach(b -> attachedByLabel.put(b.label(), b));
    Set<String> attachedIds = new HashSet<>();
    attached.forEach(b -> attachedIds.add(b.id()));

    // A retry of an identical call finds every label already attached with the value it asked for.
    boolean retry = creates.stream().allMatch(c -> attachedByLabel.containsKey(c.label())
        && attachedByLabel.get(c.label()).value().equals(c.value()))
        && attachedIds.containsAll(blockIds);
    if (retry) {
      return views(attached);
    }
    for (BlockCreate c : creates) {
      if (attachedByLabel.containsKey(c.label())) {
        throw duplicateOnAgent(agentId, c.label());
      }
    }
    for (BlockEntity b : existing.values()) {
      BlockEntity clash = attachedByLabel.get(b.label());
      if (clash != null && !clash.id().equals(b.id())) {
        throw duplicateOnAgent(agentId, b.label());
      }
    }

    try {
      for (BlockCreate c : creates) {
        BlockEntity created = newBlock(c);
        blocks.insert(created, Editor.api(Ids.DEFAULT_USER));
        blocks.attach(agentId, created.id(), created.label());
      }
      for (String id : blockIds) {
        if (!attachedIds.contains(id)) {
          blocks.attach(agentId, id, existing.get(id).label());
        }
      }
    } catch (Sql.DataAccessException e) {
      if (e.uniqueViolation()) {
        throw ApiException.badRequest("Duplicate block label on agent " + agentId
            + ": an agent can have only one block per label");
      }
      throw e;
    }
    return views(blocks.attached(agentId));
  }

  /** The agent's blocks in attach order (empty for an unknown agent). */
  public List<BlockView> list(String agentId) {
    return views(blocks.attached(agentId));
  }

  /** The agent's block with {@code label}. */
  public BlockView get(String agentId, String label) {
    return blocks.attachedByLabel(agentId, label).orElseThrow(() -> labelNotFound(agentId, label)).toView();
  }

  /** Applies the fields present in {@code update} (the API may edit read-only blocks, as Letta's admin path does). */
  @Transactional
  public BlockView update(String agentId, String label, BlockUpdate update) {
    validate(update);
    BlockEntity current = blocks.lockAttachedByLabel(agentId, label).orElseThrow(() -> labelNotFound(agentId, label));
    BlockEntity changed = apply(current, update);
    change(current, changed, "update", Editor.api(Ids.DEFAULT_USER), null, List.of());
    return blocks.attachedByLabel(agentId, changed.label()).orElseThrow().toView();
  }

  /** Creates a block that is attached to no agent ({@code POST /v1/blocks/}). */
  @Transactional
  public BlockView create(BlockCreate create) {
    validate(List.of(create), List.of());
    BlockEntity created = newBlock(create);
    blocks.insert(created, Editor.api(Ids.DEFAULT_USER));
    return blocks.findById(created.id()).orElseThrow().toView();
  }

  /** A block by id. */
  public BlockView byId(String blockId) {
    return blocks.findById(blockId).orElseThrow(() -> blockNotFound(blockId)).toView();
  }

  /** Applies the fields present in {@code update} to the block; every agent it is attached to sees the change. */
  @Transactional
  public BlockView updateById(String blockId, BlockUpdate update) {
    validate(update);
    BlockEntity current = blocks.lockById(blockId).orElseThrow(() -> blockNotFound(blockId));
    change(current, apply(current, update), "update", Editor.api(Ids.DEFAULT_USER), null, List.of());
    return byId(blockId);
  }

  /** Deletes a block, detaching it from every agent; its history stays readable. */
  @Transactional
  public void delete(String blockId) {
    blocks.lockById(blockId).orElseThrow(() -> blockNotFound(blockId));
    List<String> agents = blocks.agentsSeeing(blockId);
    blocks.delete(blockId, Editor.api(Ids.DEFAULT_USER));
    outbox.publish(new BlockDeleted(Ids.newId(Ids.EVENT), blockId, agents, Instant.now()));
  }

  /** One page of blocks matching Letta's filters. */
  public List<BlockView> list(BlockQuery query) {
    return views(blocks.list(query));
  }

  /** How many blocks match the filters. */
  public long count(BlockQuery query) {
    return blocks.count(query);
  }

  /** Ids of the agents a block is attached to; 404 for an unknown block. */
  public List<String> agentIds(String blockId) {
    blocks.findById(blockId).orElseThrow(() -> blockNotFound(blockId));
    return blocks.agentsOf(blockId);
  }

  /** Versions of a block, newest first unless {@code ascending}; 404 if it never existed. */
  public List<BlockVersion> history(String blockId, Integer before, Integer after, int limit, boolean ascending) {
    List<BlockVersion> page = blocks.history(blockId, before, after, limit, ascending);
    if (page.isEmpty() && blocks.version(blockId, 1).isEmpty()) {
      throw blockNotFound(blockId);
    }
    return page;
  }

  /** One version of a block. */
  public BlockVersion version(String blockId, int version) {
    return blocks.version(blockId, version).orElseThrow(() -> ApiException.notFound(
        "Version " + version + " of block '" + blockId + "' not found"));
  }

  /**
   * Makes an earlier version current again (label, value, limit, description, read_only, metadata, tags),
   * recorded as a new version that names the one it restored.
   */
  @Transactional
  public BlockView restore(String blockId, int version) {
    BlockEntity current = blocks.lockById(blockId).orElseThrow(() -> blockNotFound(blockId));
    BlockVersion old = version(blockId, version);
    if ("delete".equals(old.operation())) {
      throw ApiException.badRequest("Version " + version + " of block '" + blockId + "' records its deletion and "
          + "cannot be restored");
    }
    BlockEntity restored = new BlockEntity(current.id(), old.label(), old.value(), old.limit(), old.description(),
        old.readOnly(), old.metadata(), old.tags(), current.hidden(), current.isTemplate(), current.templateName(),
        current.projectId(), current.preserveOnMigration(), current.createdById(), Ids.DEFAULT_USER,
        current.createdAt(), current.updatedAt());
    change(current, restored, "restore", Editor.api(Ids.DEFAULT_USER), version, List.of());
    return byId(blockId);
  }

  /** Attaches an existing block to an agent (a no-op when already attached). */
  @Transactional
  public List<BlockView> attachExisting(String agentId, String blockId) {
    blocks.lockAgent(agentId);
    BlockEntity block = blocks.findById(blockId).orElseThrow(() -> blockNotFound(blockId));
    if (!blocks.agentsOf(blockId).contains(agentId)) {
      blocks.attachedByLabel(agentId, block.label()).ifPresent(clash -> {
        throw duplicateOnAgent(agentId, block.label());
      });
      blocks.attach(agentId, blockId, block.label());
      announce(block.id(), block.label(), Editor.api(Ids.DEFAULT_USER), List.of());
    }
    return list(agentId);
  }

  /** Detaches a block from an agent; 404 when it is not attached. */
  @Transactional
  public List<BlockView> detach(String agentId, String blockId) {
    blocks.lockAgent(agentId);
    BlockEntity block = blocks.findById(blockId).orElseThrow(() -> blockNotFound(blockId));
    if (!blocks.detach(agentId, blockId)) {
      throw ApiException.notFound("Block with id '" + blockId + "' is not attached to agent " + agentId);
    }
    announce(block.id(), block.label(), Editor.api(Ids.DEFAULT_USER), List.of(agentId));
    return list(agentId);
  }

  /** Detaches every block from a deleted agent; the blocks themselves stay, as in Letta. */
  @Transactional
  public int detachAll(String agentId) {
    blocks.lockAgent(agentId);
    return blocks.detachAll(agentId);
  }

  /** The agent's block with {@code label}, locked for an edit; needs the caller's transaction. */
  @Transactional(Transactional.TxType.MANDATORY)
  public Optional<BlockEntity> lockForEdit(String agentId, String label) {
    return blocks.lockAttachedByLabel(agentId, label);
  }

  /** Labels of the agent's blocks in attach order. */
  public List<String> labels(String agentId) {
    return blocks.labels(agentId);
  }

  /** Stores an edited value as a new version and announces it, in the caller's transaction. */
  @Transactional(Transactional.TxType.MANDATORY)
  public void writeValue(BlockEntity block, String newValue, Editor editor) {
    change(block, block.withValue(newValue), "update", editor, null, List.of());
  }

  /** Stores an edited block (any fields) as a new version, in the caller's transaction. */
  @Transactional(Transactional.TxType.MANDATORY)
  public void write(BlockEntity current, BlockEntity changed, Editor editor) {
    change(current, changed, "update", editor, null, List.of());
  }

  /** An agent's tool creates a block and attaches it to the agent, in the caller's transaction. */
  @Transactional(Transactional.TxType.MANDATORY)
  public BlockEntity createForAgent(String agentId, String label, String value, String description, Editor editor) {
    blocks.lockAgent(agentId);
    BlockEntity created = newBlock(new BlockCreate(label, value, null, description, null, null, null, null, null,
        null, null, null));
    blocks.insert(created, editor);
    blocks.attach(agentId, created.id(), created.label());
    announce(created.id(), created.label(), editor, List.of(agentId));
    return created;
  }

  /** An agent's tool detaches one of its blocks, in the caller's transaction. */
  @Transactional(Transactional.TxType.MANDATORY)
  public void detachForAgent(String agentId, BlockEntity block, Editor editor) {
    blocks.lockAgent(agentId);
    blocks.detach(agentId, block.id());
    announce(block.id(), block.label(), editor, List.of(agentId));
  }

  /**
   * Stores a copy of {@code source} under a new id, attached to no agent, and announces it to {@code agentId} (whose
   * conversation it serves), in the caller's transaction.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public BlockEntity insertCopy(String agentId, BlockEntity source, Editor editor) {
    BlockEntity copy = new BlockEntity(Ids.newId(Ids.BLOCK), source.label(), source.value(), source.limit(),
        source.description(), source.readOnly(), source.metadata(), source.tags(), source.hidden(),
        source.isTemplate(), source.templateName(), source.projectId(), source.preserveOnMigration(),
        editor.actorId(), editor.actorId(), null, null);
    blocks.insert(copy, editor);
    return copy;
  }

  /** Announces a block to {@code agentId} as well as to every agent that sees it, in the caller's transaction. */
  @Transactional(Transactional.TxType.MANDATORY)
  public void announceTo(String agentId, BlockEntity block, Editor editor) {
    announce(block.id(), block.label(), editor, List.of(agentId));
  }

  /** Deletes a block that no agent has attached, announcing the deletion to {@code agentId}; history stays. */
  @Transactional(Transactional.TxType.MANDATORY)
  public void deleteCopy(String agentId, String blockId, Editor editor) {
    blocks.delete(blockId, editor);
    outbox.publish(new BlockDeleted(Ids.newId(Ids.EVENT), blockId, List.of(agentId), Instant.now()));
  }

  private void change(BlockEntity current, BlockEntity changed, String operation, Editor editor, Integer restoredFrom,
      List<String> alsoNotify) {
    if (changed.equals(current) && restoredFrom == null) {
      return;
    }
    // Checked up front: a unique violation would abort the caller's transaction, which an agent's failed
    // tool call must keep usable to record its error.
    if (!changed.label().equals(current.label()) && blocks.labelTakenOnAgentsOf(current.id(), changed.label())) {
      throw labelClash(current.label(), changed.label());
    }
    try {
      blocks.update(changed, operation, editor, restoredFrom);
    } catch (Sql.DataAccessException e) {
      if (e.uniqueViolation()) {
        throw labelClash(current.label(), changed.label());
      }
      throw e;
    }
    announce(changed.id(), changed.label(), editor, alsoNotify);
  }

  private void announce(String blockId, String label, Editor editor, List<String> alsoNotify) {
    // A conversation's copy is attached to no agent; its owner is told, so step-runner drops the cached memory.
    Set<String> agents = new TreeSet<>(blocks.agentsSeeing(blockId));
    agents.addAll(alsoNotify);
    outbox.publish(new BlockUpdated(Ids.newId(Ids.EVENT), blockId, label, List.copyOf(agents), editor.describe(),
        Instant.now()));
  }

  private static BlockEntity apply(BlockEntity current, BlockUpdate update) {
    return new BlockEntity(
        current.id(),
        or(update.label(), current.label()),
        or(update.value(), current.value()),
        or(update.limit(), current.limit()),
        or(update.description(), current.description()),
        or(update.readOnly(), current.readOnly()),
        update.metadata() == null ? current.metadata() : update.metadata(),
        update.tags() == null ? current.tags() : update.tags(),
        or(update.hidden(), current.hidden()),
        or(update.isTemplate(), current.isTemplate()),
        or(update.templateName(), current.templateName()),
        or(update.projectId(), current.projectId()),
        or(update.preserveOnMigration(), current.preserveOnMigration()),
        current.createdById(),
        Ids.DEFAULT_USER,
        current.createdAt(),
        current.updatedAt());
  }

  private static void validate(BlockUpdate update) {
    if (update == null) {
      throw ApiException.unprocessable("Request body is required");
    }
    if (update.label() != null && update.label().isBlank()) {
      throw ApiException.unprocessable("label: must not be blank");
    }
    if (update.limit() != null && update.limit() < 1) {
      throw ApiException.unprocessable("limit: must be a positive number of characters");
    }
  }

  private BlockEntity newBlock(BlockCreate c) {
    String description = c.description() != null ? c.description() : MemoryPrompt.defaultDescription(c.label());
    return new BlockEntity(
        Ids.newId(Ids.BLOCK),
        c.label(),
        c.value(),
        c.limit() != null ? c.limit() : config.defaultBlockLimit(),
        description,
        Boolean.TRUE.equals(c.readOnly()),
        c.metadata() == null ? Map.of() : c.metadata(),
        c.tags() == null ? List.of() : c.tags(),
        c.hidden(),
        Boolean.TRUE.equals(c.isTemplate()),
        c.templateName(),
        c.projectId(),
        c.preserveOnMigration(),
        Ids.DEFAULT_USER,
        Ids.DEFAULT_USER,
        null,
        null);
  }

  private static void validate(List<BlockCreate> creates, List<String> blockIds) {
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < creates.size(); i++) {
      BlockCreate c = creates.get(i);
      if (c == null) {
        problems.add("blocks[" + i + "]: Field required");
        continue;
      }
      if (c.label() == null || c.label().isBlank()) {
        problems.add("blocks[" + i + "].label: Field required");
      }
      if (c.value() == null) {
        problems.add("blocks[" + i + "].value: Field required");
      }
      if (c.limit() != null && c.limit() < 1) {
        problems.add("blocks[" + i + "].limit: must be a positive number of characters");
      }
    }
    for (int i = 0; i < blockIds.size(); i++) {
      if (blockIds.get(i) == null || blockIds.get(i).isBlank()) {
        problems.add("block_ids[" + i + "]: Field required");
      }
    }
    if (!problems.isEmpty()) {
      throw ApiException.unprocessable(String.join("; ", problems));
    }
    Set<String> labels = new HashSet<>();
    for (BlockCreate c : creates) {
      if (!labels.add(c.label())) {
        throw duplicateInRequest(c.label());
      }
    }
  }

  private static ApiException duplicateInRequest(String label) {
    return ApiException.badRequest("Duplicate block label '" + label
        + "' in request: an agent can have only one block per label");
  }

  private static ApiException duplicateOnAgent(String agentId, String label) {
    return ApiException.badRequest("Duplicate block label '" + label + "': agent " + agentId
        + " already has a block with this label");
  }

  private static ApiException blockNotFound(String blockId) {
    return ApiException.notFound("Block with id '" + blockId + "' not found");
  }

  private static LabelClash labelClash(String from, String to) {
    return new LabelClash("Cannot rename block '" + from + "' to '" + to
        + "': an agent it is attached to already has a block with that label");
  }

  /** A rename would give an agent two blocks with one label; an API caller gets a 400, an agent an error return. */
  public static final class LabelClash extends ApiException {
    LabelClash(String detail) {
      super(400, detail);
    }
  }

  private static ApiException labelNotFound(String agentId, String label) {
    return ApiException.notFound("Block with label '" + label + "' not found for agent " + agentId);
  }

  private static Map<String, BlockEntity> byId(List<BlockEntity> list) {
    Map<String, BlockEntity> map = new LinkedHashMap<>();
    list.forEach(b -> map.put(b.id(), b));
    return map;
  }

  private static List<BlockView> views(List<BlockEntity> list) {
    return list.stream().map(BlockEntity::toView).toList();
  }

  private static <T> T or(T value, T fallback) {
    return value != null ? value : fallback;
  }
}
