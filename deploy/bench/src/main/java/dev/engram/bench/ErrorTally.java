package dev.engram.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/** Failed requests by kind (HTTP status, stop reason, I/O error), with the first body seen of each kind. */
public final class ErrorTally {
  private static final int SAMPLE_CHARS = 300;

  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final Map<String, String> firstSample = new ConcurrentHashMap<>();

  /** Records one failure of {@code kind}, e.g. {@code HTTP 500}, keeping {@code detail} if it is the first. */
  public void record(String kind, String detail) {
    counts.computeIfAbsent(kind, k -> new LongAdder()).increment();
    firstSample.putIfAbsent(kind, detail == null ? "" : detail);
  }

  /** Adds every failure of {@code other} to this tally. */
  public void addAll(ErrorTally other) {
    other.counts.forEach((kind, n) -> counts.computeIfAbsent(kind, k -> new LongAdder()).add(n.sum()));
    other.firstSample.forEach(firstSample::putIfAbsent);
  }

  public long total() {
    return counts.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** One line such as {@code 3 (HTTP 500 x2, timeout x1)}, or {@code 0}. */
  public String summary() {
    if (counts.isEmpty()) {
      return "0";
    }
    return total() + " (" + new TreeMap<>(counts).entrySet().stream()
        .map(e -> e.getKey() + " x" + e.getValue().sum())
        .collect(Collectors.joining(", ")) + ")";
  }

  /** The first body of every kind, one indented line each, truncated; empty when nothing failed. */
  public String samples(String indent) {
    StringBuilder out = new StringBuilder();
    new TreeMap<>(firstSample).forEach((kind, body) -> {
      String flat = body.replaceAll("\\s+", " ").strip();
      if (flat.length() > SAMPLE_CHARS) {
        flat = flat.substring(0, SAMPLE_CHARS) + "...";
      }
      out.append(indent).append("first ").append(kind).append(": ").append(flat).append('\n');
    });
    return out.toString();
  }
}
