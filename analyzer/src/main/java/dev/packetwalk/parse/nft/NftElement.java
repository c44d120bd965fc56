package dev.packetwalk.parse.nft;

import java.util.List;

/**
 * One set or map element.
 *
 * @param key key parts; a concatenation {@code 10.0.0.1 . tcp . 80} has three, a catch-all is {@code ["*"]}; an
 *     interval is kept as written ({@code 10.0.0.0/8}, {@code 1.2.3.4-1.2.3.8})
 * @param value map value as written ({@code goto service-X}, {@code drop}, {@code 10.1.1.1 . 4242}), null in sets
 * @param timeout element timeout, or null
 * @param expires remaining time, or null
 * @param comment element comment (kube-proxy writes the service name), or null
 */
public record NftElement(List<String> key, String value, String timeout, String expires, String comment) {

  public NftElement {
    key = List.copyOf(key);
  }

  public boolean catchAll() {
    return key.size() == 1 && key.get(0).equals("*");
  }

  /** The key as nft prints it: parts joined by {@code " . "}. */
  public String keyText() {
    return String.join(" . ", key);
  }
}
