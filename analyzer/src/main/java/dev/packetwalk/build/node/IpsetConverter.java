package dev.packetwalk.build.node;

import dev.packetwalk.model.SourceRef;
import dev.packetwalk.model.node.IpSet;
import dev.packetwalk.parse.ipset.IpsetList;
import java.util.List;

/** {@code ipset list} records → model sets, each member citing its own line. */
final class IpsetConverter {
  private IpsetConverter() {}

  static List<IpSet> sets(IpsetList list) {
    String file = list.file();
    return list.sets().stream().map(s -> new IpSet(s.name(), s.type(),
        s.members().stream().map(IpsetList.Member::entry).toList(),
        s.members().stream().map(m -> SourceRef.line(file, m.line())).toList(), s.complete(),
        SourceRef.line(file, s.line()))).toList();
  }
}
