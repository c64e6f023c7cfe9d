package dev.engram.agentapi.rest;

import dev.engram.agentapi.provider.ProviderCatalog;
import dev.engram.agentapi.provider.ProviderView;
import dev.engram.platform.rest.ApiException;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Letta's providers endpoints. Engram's providers come from its environment (see the root README), so they are
 * listed and read here; creating, changing, checking or deleting one through the API answers 501 saying so.
 */
@Path("/v1/providers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
@RunOnVirtualThread
public class ProvidersResource {
  private static final String CONFIGURED_BY_ENVIRONMENT = "Engram's model providers are configured by its "
      + "environment (OPENAI_API_KEY, ANTHROPIC_API_KEY, OLLAMA_BASE_URL); adding, changing, checking or deleting "
      + "a provider through the API is not supported";

  private final ProviderCatalog catalog;

  ProvidersResource(ProviderCatalog catalog) {
    this.catalog = catalog;
  }

  @GET
  public List<ProviderView> list(@QueryParam("name") String name, @QueryParam("provider_type") String providerType,
      @QueryParam("before") String before, @QueryParam("after") String after, @QueryParam("limit") String limit,
      @QueryParam("order") String order, @QueryParam("order_by") String orderBy) {
    RunDetailsResource.checkOrderBy(orderBy);
    Integer size = Params.positiveInt("limit", limit);
    List<ProviderView> all = new ArrayList<>(catalog.all().stream()
        .filter(p -> name == null || name.equals(p.name()))
        .filter(p -> providerType == null || providerType.equals(p.providerType()))
        .toList());
    if (!Params.ascending(order)) {
      Collections.reverse(all);
    }
    return Params.page(all, ProviderView::id, before, after, size == null ? 50 : size);
  }

  @GET
  @Path("/{providerId}")
  public ProviderView get(@PathParam("providerId") String providerId) {
    return catalog.all().stream().filter(p -> p.id().equals(providerId)).findFirst()
        .orElseThrow(() -> ApiException.notFound("Provider " + providerId + " not found"));
  }

  @POST
  public Object create() {
    throw unsupported();
  }

  @POST
  @Path("/check")
  public Object check() {
    throw unsupported();
  }

  @PATCH
  @Path("/{providerId}")
  public Object update(@PathParam("providerId") String providerId) {
    throw unsupported();
  }

  @DELETE
  @Path("/{providerId}")
  public Object delete(@PathParam("providerId") String providerId) {
    throw unsupported();
  }

  @POST
  @Path("/{providerId}/check")
  public Object checkOne(@PathParam("providerId") String providerId) {
    throw unsupported();
  }

  @PATCH
  @Path("/{providerId}/refresh")
  public Object refresh(@PathParam("providerId") String providerId) {
    throw unsupported();
  }

  private static ApiException unsupported() {
    return new ApiException(501, CONFIGURED_BY_ENVIRONMENT);
  }
}
