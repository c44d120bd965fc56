package dev.packetwalk.model.node;

import dev.packetwalk.model.SourceRef;

/**
 * An address assigned to an interface of the node.
 *
 * @param family 4 or 6
 * @param address the address without prefix
 * @param cidr address/prefix as printed ({@code 10.244.1.1/24})
 * @param scope {@code global}, {@code link}, {@code host}, or ""
 */
public record NodeAddress(String iface, int family, String address, String cidr, String scope, SourceRef ref) {
  public NodeAddress {
    scope = scope == null ? "" : scope;
  }
}
