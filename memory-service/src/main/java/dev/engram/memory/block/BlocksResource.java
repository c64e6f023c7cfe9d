package dev.engram.memory.block;

import dev.engram.contracts.api.BlockCreate;
import dev.engram.contracts.api.BlockUpdate;
import dev.engram.contracts.api.BlockView;
import dev.engram.platform.rest.ApiException;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/**
 * Letta's global block API ({@code /v1/blocks}), served here and forwarded unchanged by agent-api, plus
 * Engram's block history: every version with who made it, and restoring an earlier one.
 */
@Path("/v1/blocks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
public class BlocksResource {
  private static final int MAX_PAGE = 1000;

  private final BlockService blocks;

  BlocksResource(BlockService blocks) {
    this.blocks = blocks;
  }

  /** Creates a block attached to no agent. */
  @POST
  @Path("{slash: /?}")
  public BlockView create(BlockCreate create) {
    if (create == null) {
      throw ApiException.unprocessable("Request body is required");
    }
    return blocks.create(create);
  }

  /** One page of blocks, filtered as Letta filters them. */
  @GET
  @Path("{slash: /?}")
  public List<BlockView> list(@QueryParam("label") String label,
      @QueryParam("templates_only") @DefaultValue("false") boolean templatesOnly,
      @QueryParam("name") String name,
      @QueryParam("identity_id") String identityId,
      @QueryParam("identifier_keys") List<String> identifierKeys,
      @QueryParam("project_id") String projectId,
      @QueryParam("tags") List<String> tags,
      @QueryParam("match_all_tags") @DefaultValue("false") boolean matchAllTags,
      @QueryParam("limit") @DefaultValue("50") int limit,
      @QueryParam("before") String before,
      @QueryParam("after") String after,
      @QueryParam("order") @DefaultValue("asc") String order,
      @QueryParam("order_by") @DefaultValue("created_at") String orderBy,
      @QueryParam("label_search") String labelSearch,
      @QueryParam("description_search") String descriptionSearch,
      @QueryParam("value_search") String valueSearch,
      @QueryParam("connected_to_agents_count_gt") Integer connectedGt,
      @QueryParam("connected_to_agents_count_lt") Integer connectedLt,
      @QueryParam("connected_to_agents_count_eq") List<Integer> connectedEq) {
    if (!"created_at".equals(orderBy)) {
      throw ApiException.unprocessable("order_by: Input should be 'created_at'");
    }
    return blocks.list(new BlockQuery(label, templatesOnly, name, projectId, tags, matchAllTags, labelSearch,
        valueSearch, descriptionSearch, connectedGt, connectedLt, connectedEq,
        identityId != null || (identifierKeys != null && !identifierKeys.isEmpty()), before, after,
        limit(limit), ascending(order)));
  }

  /** How many blocks match. */
  @GET
  @Path("/count")
  public long count(@QueryParam("label") String label,
      @QueryParam("templates_only") @DefaultValue("false") boolean templatesOnly,
      @QueryParam("name") String name,
      @QueryParam("tags") List<String> tags,
      @QueryParam("match_all_tags") @DefaultValue("false") boolean matchAllTags,
      @QueryParam("project_id") String projectId) {
    return blocks.count(new BlockQuery(label, templatesOnly, name, projectId, tags, matchAllTags, null, null, null,
        null, null, null, false, null, null, 1, true));
  }

  /** One block. */
  @GET
  @Path("/{blockId}")
  public BlockView get(@PathParam("blockId") String blockId) {
    return blocks.byId(BlockIds.check(blockId));
  }

  /** Updates the fields present in the body; every agent the block is attached to sees it at its next step. */
  @PATCH
  @Path("/{blockId}")
  public BlockView update(@PathParam("blockId") String blockId, BlockUpdate update) {
    return blocks.updateById(BlockIds.check(blockId), update);
  }

  /** Deletes the block and detaches it from every agent. */
  @DELETE
  @Path("/{blockId}")
  public Map<String, Object> delete(@PathParam("blockId") String blockId) {
    blocks.delete(BlockIds.check(blockId));
    return Map.of();
  }

  /** The block's versions, newest first by default; {@code before}/{@code after} are version numbers. */
  @GET
  @Path("/{blockId}/history")
  public List<BlockVersion> history(@PathParam("blockId") String blockId,
      @QueryParam("before") Integer before,
      @QueryParam("after") Integer after,
      @QueryParam("limit") @DefaultValue("50") int limit,
      @QueryParam("order") @DefaultValue("desc") String order) {
    return blocks.history(BlockIds.check(blockId), before, after, limit(limit), ascending(order));
  }

  /** One version of the block. */
  @GET
  @Path("/{blockId}/history/{version}")
  public BlockVersion version(@PathParam("blockId") String blockId, @PathParam("version") int version) {
    return blocks.version(BlockIds.check(blockId), version);
  }

  /** Makes an earlier version current again, as a new version. */
  @POST
  @Path("/{blockId}/history/{version}/restore")
  public BlockView restore(@PathParam("blockId") String blockId, @PathParam("version") int version) {
    return blocks.restore(BlockIds.check(blockId), version);
  }

  static int limit(int limit) {
    if (limit < 1 || limit > MAX_PAGE) {
      throw ApiException.unprocessable("limit: must be between 1 and " + MAX_PAGE);
    }
    return limit;
  }

  static boolean ascending(String order) {
    return switch (order) {
      case "asc" -> true;
      case "desc" -> false;
      default -> throw ApiException.unprocessable("order: Input should be 'asc' or 'desc'");
    };
  }
}
