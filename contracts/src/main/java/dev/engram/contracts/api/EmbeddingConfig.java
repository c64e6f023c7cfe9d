package dev.engram.contracts.api;

/**
 * Letta's {@code EmbeddingConfig}: which model turns text into vectors, and their dimension. An archive
 * records the one its passages were embedded with, so a query embedded otherwise is refused.
 */
public record EmbeddingConfig(
    String embeddingEndpointType,
    String embeddingEndpoint,
    String embeddingModel,
    Integer embeddingDim,
    Integer embeddingChunkSize,
    String handle,
    Integer batchSize) {

  /** True when both describe the same model with the same dimension (endpoints and batch sizes may differ). */
  public boolean sameModelAs(EmbeddingConfig other) {
    return other != null
        && java.util.Objects.equals(embeddingEndpointType, other.embeddingEndpointType)
        && java.util.Objects.equals(embeddingModel, other.embeddingModel)
        && java.util.Objects.equals(embeddingDim, other.embeddingDim);
  }
}
