package dev.packetwalk.trace.flows;

import dev.packetwalk.trace.Flow;

/** A flow of the automatic matrix, with the traffic type it stands for. */
public record PlannedFlow(FlowKind kind, Flow flow) {}
