package dev.packetwalk.trace;

/** Where a failing branch ends: the node, the component, and the step (with its evidence line) that ended it. */
public record BreakAt(String node, Component component, Disposition disposition, Step step) {}
