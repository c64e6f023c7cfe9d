package dev.engram.agentapi.rest;

import dev.engram.platform.rest.ApiException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Endpoints the {@code letta} CLI calls against a self-hosted server that Engram does not offer: each answers 501
 * with a detail saying what is missing, rather than a generic 404 (see the list in agent-api's README).
 */
public final class UnsupportedEndpointsResource {

  /** The legacy MCP endpoints under the tools API ({@code /v1/tools/mcp/...}); MCP lives at /v1/mcp-servers. */
  @Path("/v1/tools/mcp{rest: (/.*)?}")
  @Produces(MediaType.APPLICATION_JSON)
  @Consumes(MediaType.WILDCARD)
  public static class McpTools {

    @GET
    public Object get() {
      throw new ApiException(501, MCP_DETAIL);
    }

    @POST
    public Object post() {
      throw new ApiException(501, MCP_DETAIL);
    }

    @PATCH
    public Object patch() {
      throw new ApiException(501, MCP_DETAIL);
    }

    @PUT
    public Object put() {
      throw new ApiException(501, MCP_DETAIL);
    }

    @DELETE
    public Object delete() {
      throw new ApiException(501, MCP_DETAIL);
    }
  }

  /** Letta Cloud's account balance, which a self-hosted server does not have. */
  @Path("/v1/metadata/balance")
  @Produces(MediaType.APPLICATION_JSON)
  public static class Balance {
    @GET
    public Object get() {
      throw new ApiException(501, "Account balances exist only on Letta Cloud, not on a self-hosted Engram server");
    }
  }

  /** Letta Cloud's search cache warm-up. */
  @Path("/v1/_internal_search/cache-warm")
  @Produces(MediaType.APPLICATION_JSON)
  @Consumes(MediaType.WILDCARD)
  public static class CacheWarm {
    @POST
    public Object post() {
      throw new ApiException(501, "Search cache warm-up exists only on Letta Cloud; Engram needs none");
    }
  }

  /** Agent files ({@code .af}) export and import. */
  @Path("/v1/agents/{target: import|[^/]+/export}")
  @Produces(MediaType.APPLICATION_JSON)
  @Consumes(MediaType.WILDCARD)
  public static class AgentFiles {
    private static final String DETAIL = "Agent file (.af) export and import are not supported by Engram yet";

    @GET
    public Object get() {
      throw new ApiException(501, DETAIL);
    }

    @POST
    public Object post() {
      throw new ApiException(501, DETAIL);
    }
  }

  private static final String MCP_DETAIL =
      "The legacy MCP endpoints under /v1/tools/mcp (including the OAuth connect flow) are not supported; use /v1/mcp-servers";

  private UnsupportedEndpointsResource() {
  }
}
