package dev.engram.agentapi.rest;

import dev.engram.agentapi.model.ModelCatalog;
import dev.engram.agentapi.model.ModelView;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Letta's model listings. */
@Path("/v1/models")
@Produces(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
public class ModelsResource {
  private final ModelCatalog catalog;

  ModelsResource(ModelCatalog catalog) {
    this.catalog = catalog;
  }

  @GET
  public List<ModelView> llms(@QueryParam("provider_name") String providerName,
      @QueryParam("provider_type") String providerType,
      @QueryParam("provider_category") List<String> providerCategories) {
    return catalog.llms(providerName, providerType, Params.list(providerCategories));
  }

  /** Empty: this version has no embedding models to offer yet (archival memory brings them). */
  @GET
  @Path("/embedding")
  public List<Object> embeddings() {
    return List.of();
  }
}
