package dev.packetwalk.model.cluster;

/** An IngressClass: which controller serves Ingresses of this class. */
public record IngressClass(ObjectMeta meta, String controller, boolean isDefault) {}
