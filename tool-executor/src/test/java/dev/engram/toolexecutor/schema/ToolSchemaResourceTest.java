package dev.engram.toolexecutor.schema;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.engram.local.EngramInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = EngramInfraTestResource.class,
    initArgs = @ResourceArg(name = EngramInfraTestResource.DATABASE_ARG, value = "tool_executor"))
class ToolSchemaResourceTest {

  @Test
  void answersLettasJsonSchemaOfTheSource() {
    String source = """
        def greet(name: str, shout: bool = False) -> str:
            \"""Greet someone by name.

            Args:
                name: Who to greet.
                shout: Whether to use capitals.
            \"""
            return ("HELLO " if shout else "Hello ") + name
        """;
    given().contentType("application/json").body(Map.of("source_code", source))
        .when().post("/internal/tools/schema").then().statusCode(200)
        .body("name", equalTo("greet"))
        .body("description", equalTo("Greet someone by name."))
        .body("parameters.type", equalTo("object"))
        .body("parameters.properties.name.type", equalTo("string"))
        .body("parameters.properties.shout.description", equalTo("Whether to use capitals."))
        .body("parameters.required", equalTo(java.util.List.of("name")));
  }

  @Test
  void badSourceIsA400WithTheReason() {
    given().contentType("application/json").body(Map.of("source_code", "def greet(name: str\n"))
        .when().post("/internal/tools/schema").then().statusCode(400)
        .body("detail", startsWith("Syntax error in source code"));
    given().contentType("application/json").body(Map.of("source_code", "def a():\n  pass\n", "name", "b"))
        .when().post("/internal/tools/schema").then().statusCode(400)
        .body("detail", equalTo("Function 'b' not found in source code"));
  }
}
