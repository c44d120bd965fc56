package dev.packetwalk.parse.nft;

import dev.packetwalk.parse.ParseWarning;
import java.util.List;
import java.util.Optional;

/**
 * Everything one nftables evidence file says.
 *
 * @param file bundle path
 * @param format which syntax the file used
 * @param version nft version from JSON {@code metainfo}, or null
 * @param notes {@code #} lines outside tables, e.g. {@code # Warning: table ip nat is managed by iptables-nft, do not
 *     touch!} (tells that iptables-nft rules live in this ruleset too)
 * @param tables tables in file order
 * @param warnings everything not understood
 */
public record NftRuleset(String file, Format format, String version, List<String> notes, List<NftTable> tables,
    List<ParseWarning> warnings) {

  /** The three syntaxes that describe the same ruleset. */
  public enum Format { LIST, TRANSACTION, JSON }

  public NftRuleset {
    notes = List.copyOf(notes);
    tables = List.copyOf(tables);
    warnings = List.copyOf(warnings);
  }

  public Optional<NftTable> table(String family, String name) {
    return tables.stream().filter(t -> t.family().equals(family) && t.name().equals(name)).findFirst();
  }

  public List<NftRule> rules() {
    return tables.stream().flatMap(t -> t.chains().stream()).flatMap(c -> c.rules().stream()).toList();
  }
}
