package dev.engram.platform.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.contracts.Json;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/** Gives Quarkus' REST mapper the same wire settings as the events (snake_case, nulls omitted). */
@Singleton
public class WireJsonCustomizer implements ObjectMapperCustomizer {
  @Override
  public void customize(ObjectMapper mapper) {
    Json.configure(mapper);
  }
}
