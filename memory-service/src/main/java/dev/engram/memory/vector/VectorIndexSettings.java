package dev.engram.memory.vector;

/**
 * How a {@link VectorIndex} searches: exact scan below {@code exactThreshold} live vectors, an HNSW graph
 * (degree {@code maxDegree}, build beam {@code beamWidth}, search beam {@code searchBeam}) above it, rebuilt once
 * deleted nodes exceed {@code rebuildDeletedFraction} of the live ones.
 */
public record VectorIndexSettings(int exactThreshold, int maxDegree, int beamWidth, int searchBeam,
    double rebuildDeletedFraction) {

  /** Checks the values. */
  public VectorIndexSettings {
    if (exactThreshold < 0 || maxDegree < 2 || beamWidth < 1 || searchBeam < 1 || rebuildDeletedFraction <= 0) {
      throw new IllegalArgumentException("invalid vector index settings");
    }
  }

  /** The defaults: exact up to 2,000 vectors, then M=16, beam 100, search beam 100, rebuild at 20 % deleted. */
  public static VectorIndexSettings defaults() {
    return new VectorIndexSettings(2_000, 16, 100, 100, 0.2);
  }
}
