package dev.packetwalk.model.cluster;

/** An object of a custom resource the cluster serves (Gateway API, Calico, Cilium, ...), kept by identity only. */
public record CustomResource(ObjectMeta meta, String resource) {}
