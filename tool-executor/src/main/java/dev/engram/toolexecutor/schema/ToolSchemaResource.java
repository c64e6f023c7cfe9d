package dev.engram.toolexecutor.schema;

import dev.engram.platform.rest.ApiException;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** Internal endpoint agent-api calls to derive a custom tool's {@code json_schema} from its Python source. */
@Path("/internal/tools/schema")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
public class ToolSchemaResource {
  private final ToolSchemaGenerator generator;

  ToolSchemaResource(ToolSchemaGenerator generator) {
    this.generator = generator;
  }

  @POST
  public Map<String, Object> schema(SchemaRequest request) {
    if (request == null) {
      throw ApiException.badRequest("source_code is required");
    }
    return generator.generate(request.sourceCode(), request.name());
  }
}
