package dev.engram.memory.vector;

/** One search result: the entry's id, its cosine similarity to the query (-1..1) and its metadata. */
public record VectorHit<M>(String id, float score, M meta) {
}
