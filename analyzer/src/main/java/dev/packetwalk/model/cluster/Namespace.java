package dev.packetwalk.model.cluster;

/** A namespace; its labels are what namespaceSelectors match. */
public record Namespace(ObjectMeta meta, String phase) {}
