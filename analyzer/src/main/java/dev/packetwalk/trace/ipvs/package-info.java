/**
 * The IPVS stage of the tracer: which real server a virtual server (kube-proxy's IPVS mode, kube-router) hands a
 * connection to, as branches with probabilities. Addresses on {@code kube-ipvs0} are local to the node; routing and
 * the walk decide that, this package only schedules.
 */
package dev.packetwalk.trace.ipvs;
