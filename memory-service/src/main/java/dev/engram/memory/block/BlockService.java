package dev.engram.memory.block;

import dev.engram.contracts.Ids;
import dev.engram.contracts.api.BlockCreate;
import dev.engram.contracts.api.BlockUpdate;
import dev.engram.contracts.api.BlockView;
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

/** Creates, attaches, reads and updates core memory blocks; every change is announced with {@link BlockUpdated}. */
@ApplicationScoped
public class BlockService {
  /** Who edits through the internal REST API (as opposed to an agent's tool call). */
  public static final String UPDATED_BY_API = "api";

  static final String DEFAULT_PERSONA_DESCRIPTION = "The persona block: who you are. Your identity, personality, "
      + "values and the way you speak and behave. Keep it consistent from one conversation to the next.";
  static final String DEFAULT_HUMAN_DESCRIPTION = "The human block: what you know about the person you are talking "
      + "with, such as their name, preferences and circumstances, so that you can personalise the conversation.";

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
        blocks.insert(created);
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
    if (update == null) {
      throw ApiException.unprocessable("Request body is required");
    }
    if (update.label() != null && update.label().isBlank()) {
      throw ApiException.unprocessable("label: must not be blank");
    }
    if (update.limit() != null && update.limit() < 1) {
      throw ApiException.unprocessable("limit: must be a positive number of characters");
    }
    BlockEntity current = blocks.lockAttachedByLabel(agentId, label).orElseThrow(() -> labelNotFound(agentId, label));
    BlockEntity changed = new BlockEntity(
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
    if (changed.equals(current)) {
      return current.toView();
    }
    try {
      blocks.update(changed);
    } catch (Sql.DataAccessException e) {
      if (e.uniqueViolation()) {
        throw ApiException.badRequest("Cannot rename block '" + label + "' to '" + changed.label()
            + "': an agent it is attached to already has a block with that label");
      }
      throw e;
    }
    announce(changed.id(), changed.label(), UPDATED_BY_API);
    return blocks.attachedByLabel(agentId, changed.label()).orElseThrow().toView();
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

  /** Stores an edited value and announces it, in the caller's transaction. */
  @Transactional(Transactional.TxType.MANDATORY)
  public void writeValue(BlockEntity block, String newValue, String updatedBy) {
    blocks.updateValue(block.id(), newValue, Ids.DEFAULT_USER);
    announce(block.id(), block.label(), updatedBy);
  }

  private void announce(String blockId, String label, String updatedBy) {
    outbox.publish(new BlockUpdated(Ids.newId(Ids.EVENT), blockId, label, blocks.agentsOf(blockId), updatedBy,
        Instant.now()));
  }

  private BlockEntity newBlock(BlockCreate c) {
    String description = c.description() != null ? c.description() : switch (c.label()) {
      case "persona" -> DEFAULT_PERSONA_DESCRIPTION;
      case "human" -> DEFAULT_HUMAN_DESCRIPTION;
      default -> null;
    };
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
