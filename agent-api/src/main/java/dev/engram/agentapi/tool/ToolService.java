package dev.engram.agentapi.tool;

import dev.engram.agentapi.client.ToolExecutorClient;
import dev.engram.contracts.Ids;
import dev.engram.contracts.api.ToolDefinition;
import dev.engram.platform.db.Sql;
import dev.engram.platform.rest.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Custom tools: create, upsert, update and delete. A tool's {@code json_schema}, when the client sends none, is
 * derived from its Python source by tool-executor (which owns Python); the function's name is the tool's name.
 */
@ApplicationScoped
public class ToolService {
  static final String PYTHON = "python";
  static final String TYPESCRIPT = "typescript";
  private static final int DEFAULT_RETURN_CHAR_LIMIT = 50_000;
  private static final int MAX_RETURN_CHAR_LIMIT = 1_000_000;

  private final ToolRepository tools;
  private final ToolRegistry registry;
  private final ToolExecutorClient executor;

  ToolService(ToolRepository tools, ToolRegistry registry, ToolExecutorClient executor) {
    this.tools = tools;
    this.registry = registry;
    this.executor = executor;
  }

  /** A new custom tool; 409 if a tool of that name exists. */
  public ToolView create(ToolCreate req) {
    ToolView tool = fromCreate(Ids.newId(Ids.TOOL), req);
    if (!tools.insert(tool, Instant.now())) {
      throw duplicate(tool.name());
    }
    return registry.get(tool.id());
  }

  /** Creates the tool or replaces the custom tool of the same name, keeping its id. */
  public ToolView upsert(ToolCreate req) {
    ToolView fresh = fromCreate(Ids.newId(Ids.TOOL), req);
    ToolView existing = tools.findByName(fresh.name()).orElse(null);
    if (existing == null) {
      if (!tools.insert(fresh, Instant.now())) {
        throw duplicate(fresh.name());
      }
      return registry.get(fresh.id());
    }
    requireCustom(existing);
    tools.update(withId(fresh, existing.id()), Instant.now());
    return registry.get(existing.id());
  }

  /** Applies the given fields; new source without a schema gets a schema derived from it. */
  public ToolView update(String id, ToolUpdate req) {
    ToolView current = registry.get(id);
    String sourceType = req.sourceType() != null ? req.sourceType() : current.sourceType();
    String sourceCode = req.sourceCode() != null ? req.sourceCode() : current.sourceCode();
    Map<String, Object> schema = current.jsonSchema();
    boolean newSchema = false;
    if (req.jsonSchema() != null) {
      schema = validSchema(req.jsonSchema());
      newSchema = true;
    } else if (req.sourceCode() != null && !req.sourceCode().equals(current.sourceCode())) {
      schema = derive(sourceType, sourceCode);
      newSchema = true;
    }
    String name = (String) schema.get("name");
    if (!name.equals(current.name())) {
      // Built-in tools are found and re-seeded by name; a renamed one would come back as a second copy.
      requireCustom(current);
    }
    String description = req.description() != null ? req.description()
        : newSchema ? descriptionOf(schema, current.description()) : current.description();
    ToolView updated = new ToolView(current.id(), current.toolType(), description, sourceType, name,
        req.tags() != null ? req.tags() : current.tags(), sourceCode, schema,
        req.argsJsonSchema() != null ? req.argsJsonSchema() : current.argsJsonSchema(),
        req.returnCharLimit() != null ? returnCharLimit(req.returnCharLimit()) : current.returnCharLimit(),
        req.pipRequirements() != null ? req.pipRequirements() : current.pipRequirements(),
        req.npmRequirements() != null ? req.npmRequirements() : current.npmRequirements(),
        req.defaultRequiresApproval() != null ? req.defaultRequiresApproval() : current.defaultRequiresApproval(),
        req.enableParallelExecution() != null ? req.enableParallelExecution() : current.enableParallelExecution(),
        current.createdById(), Ids.DEFAULT_USER, req.metadata() != null ? req.metadata() : current.metadata(), null);
    try {
      tools.update(updated, Instant.now());
    } catch (Sql.DataAccessException e) {
      if (e.uniqueViolation()) {
        throw duplicate(name);
      }
      throw e;
    }
    return registry.get(id);
  }

  /** Deletes a tool; agents that had it attached lose it. */
  public void delete(String id) {
    if (!tools.delete(id)) {
      throw ApiException.notFound("Tool not found");
    }
  }

  /** Seeds the built-in tools again (restoring deleted ones) and answers them. */
  public List<ToolView> addBaseTools() {
    registry.seedBaseTools();
    return tools.byNames(BaseTools.ALL.stream().map(BaseTool::name).toList());
  }

  private ToolView fromCreate(String id, ToolCreate req) {
    if (req == null || req.sourceCode() == null) {
      throw ApiException.unprocessable("source_code: Field required");
    }
    String sourceType = Objects.requireNonNullElse(req.sourceType(), PYTHON);
    Map<String, Object> schema = req.jsonSchema() != null ? validSchema(req.jsonSchema())
        : derive(sourceType, req.sourceCode());
    String description = req.description() != null ? req.description() : descriptionOf(schema, null);
    return new ToolView(id, ToolDefinition.CUSTOM, description, sourceType, (String) schema.get("name"),
        req.tags() != null ? req.tags() : List.of(), req.sourceCode(), schema, req.argsJsonSchema(),
        req.returnCharLimit() != null ? returnCharLimit(req.returnCharLimit()) : DEFAULT_RETURN_CHAR_LIMIT,
        req.pipRequirements(), req.npmRequirements(), req.defaultRequiresApproval(),
        Boolean.TRUE.equals(req.enableParallelExecution()), Ids.DEFAULT_USER, Ids.DEFAULT_USER, null, null);
  }

  private Map<String, Object> derive(String sourceType, String sourceCode) {
    if (!PYTHON.equals(sourceType)) {
      throw ApiException.badRequest("A " + sourceType + " tool needs an explicit json_schema: only Python source "
          + "can be read for one");
    }
    return validSchema(executor.schema(sourceCode, null));
  }

  /** The fields the model needs: a name and, if given, an object of parameters. */
  private static Map<String, Object> validSchema(Map<String, Object> schema) {
    if (!(schema.get("name") instanceof String name) || name.isBlank()) {
      throw ApiException.badRequest("json_schema must have a non-empty string 'name'");
    }
    Object params = schema.get("parameters");
    if (params != null && !(params instanceof Map<?, ?> p && "object".equals(p.get("type")))) {
      throw ApiException.badRequest("json_schema.parameters must be a JSON schema of type 'object'");
    }
    return schema;
  }

  private static String descriptionOf(Map<String, Object> schema, String fallback) {
    return schema.get("description") instanceof String d ? d : fallback;
  }

  private static int returnCharLimit(int limit) {
    if (limit < 1 || limit > MAX_RETURN_CHAR_LIMIT) {
      throw ApiException.unprocessable("return_char_limit: Input should be between 1 and " + MAX_RETURN_CHAR_LIMIT);
    }
    return limit;
  }

  private static void requireCustom(ToolView existing) {
    if (!ToolDefinition.CUSTOM.equals(existing.toolType())) {
      throw ApiException.badRequest("Tool '" + existing.name() + "' is a built-in " + existing.toolType()
          + " tool and cannot be replaced");
    }
  }

  private static ApiException duplicate(String name) {
    return ApiException.conflict("Tool with name '" + name + "' already exists");
  }

  private static ToolView withId(ToolView t, String id) {
    return new ToolView(id, t.toolType(), t.description(), t.sourceType(), t.name(), t.tags(), t.sourceCode(),
        t.jsonSchema(), t.argsJsonSchema(), t.returnCharLimit(), t.pipRequirements(), t.npmRequirements(),
        t.defaultRequiresApproval(), t.enableParallelExecution(), t.createdById(), t.lastUpdatedById(), t.metadata(),
        t.projectId());
  }
}
