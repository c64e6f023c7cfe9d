package dev.engram.summarizer.messaging;

import dev.engram.scriptedmodel.ScriptedModelServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

/** Starts the scripted model server for the test JVM and points the platform's scripted provider at it. */
public class ScriptedModelTestResource implements QuarkusTestResourceLifecycleManager {
  private ScriptedModelServer server;

  /** Marks the test field that receives the running server. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.FIELD)
  public @interface InjectScriptedModel {
  }

  @Override
  public Map<String, String> start() {
    server = ScriptedModelServer.start();
    return Map.of("engram.llm.scripted.base-url", server.baseUrl());
  }

  @Override
  public void inject(TestInjector injector) {
    injector.injectIntoFields(server,
        new TestInjector.AnnotatedAndMatchesType(InjectScriptedModel.class, ScriptedModelServer.class));
  }

  @Override
  public void stop() {
    if (server != null) {
      server.close();
    }
  }
}
