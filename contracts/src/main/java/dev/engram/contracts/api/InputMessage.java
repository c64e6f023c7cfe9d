package dev.engram.contracts.api;

/** One message a client sent to an agent ({@code MessageCreate}), content flattened to text. */
public record InputMessage(String role, String content, String otid, String name) {
}
