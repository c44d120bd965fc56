package dev.packetwalk.model.cluster;

import dev.packetwalk.model.SourceRef;

/**
 * One backend address as either the Endpoints or the EndpointSlice API lists it.
 *
 * @param targetKind kind of the referenced object ("Pod" usually; empty when the address is unmanaged)
 */
public record EndpointAddress(String ip, String nodeName, boolean ready, boolean serving, boolean terminating,
    String targetKind, String targetNamespace, String targetName, SourceRef ref) {
  public EndpointAddress {
    nodeName = nodeName == null ? "" : nodeName;
    targetKind = targetKind == null ? "" : targetKind;
    targetNamespace = targetNamespace == null ? "" : targetNamespace;
    targetName = targetName == null ? "" : targetName;
  }
}
