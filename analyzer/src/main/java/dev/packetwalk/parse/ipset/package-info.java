/**
 * Faithful records of {@code ipset list} output: sets with their type, header options and members, as kube-proxy
 * (IPVS mode), Calico and Azure NPM use them from {@code -m set --match-set} rules.
 */
package dev.packetwalk.parse.ipset;
