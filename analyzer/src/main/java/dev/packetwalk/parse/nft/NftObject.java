package dev.packetwalk.parse.nft;

import java.util.List;

/**
 * A named stateful object, kept generically: {@code ct helper}, {@code ct timeout}, {@code ct expectation},
 * {@code counter}, {@code quota}, {@code limit}, {@code secmark}, {@code synproxy}, {@code flowtable}.
 *
 * @param kind the object keyword(s), e.g. {@code ct helper}
 * @param body the declarations inside the braces, one per entry, as written
 */
public record NftObject(String kind, String name, List<String> body, int line) {
  public NftObject {
    body = List.copyOf(body);
  }
}
