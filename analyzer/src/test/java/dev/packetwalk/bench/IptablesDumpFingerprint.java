package dev.packetwalk.bench;

import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.iptables.IptablesChain;
import dev.packetwalk.parse.iptables.IptablesDump;
import dev.packetwalk.parse.iptables.IptablesMatch;
import dev.packetwalk.parse.iptables.IptablesRule;
import dev.packetwalk.parse.iptables.IptablesSaveParser;
import dev.packetwalk.parse.iptables.IptablesTable;
import dev.packetwalk.parse.iptables.IptablesTarget;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Not a test: a canonical, implementation-independent rendering of an {@link IptablesDump} through its public API
 * (every table, chain, rule, match option in order, sorted negations, target options, counters, line, raw) and its
 * SHA-256. Used to show that a parser change leaves the parse result unchanged.
 *
 * <pre>
 * java -cp analyzer/target/classes:analyzer/target/test-classes dev.packetwalk.bench.IptablesDumpFingerprint FILE...
 * </pre>
 */
public final class IptablesDumpFingerprint {

  private IptablesDumpFingerprint() {}

  public static void main(String[] args) throws Exception {
    for (String a : args) {
      Path p = Path.of(a);
      IptablesDump d = IptablesSaveParser.parse(p.getFileName().toString(), Files.readString(p));
      System.out.println(sha256(d) + "  " + a);
    }
  }

  public static String sha256(IptablesDump d) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    StringBuilder sb = new StringBuilder(1 << 16);
    render(d, sb, md);
    md.update(sb.toString().getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(md.digest());
  }

  private static void flush(StringBuilder sb, MessageDigest md) {
    if (sb.length() > 1 << 15) {
      md.update(sb.toString().getBytes(StandardCharsets.UTF_8));
      sb.setLength(0);
    }
  }

  private static void render(IptablesDump d, StringBuilder sb, MessageDigest md) {
    sb.append("dump|").append(d.file()).append('|').append(d.saveTool()).append('|').append(d.version()).append('|')
        .append(d.backend()).append('|').append(d.legacyTablesPresent()).append('|').append(d.reflowed()).append('\n');
    for (IptablesTable t : d.tables()) {
      sb.append("table|").append(t.name()).append('|').append(t.line()).append('|').append(t.committed()).append('|')
          .append(t.deletedChains()).append('|').append(t.flushedChains()).append('\n');
      for (IptablesChain c : t.chains()) {
        sb.append(" chain|").append(c.name()).append('|').append(c.policy()).append('|').append(c.counters())
            .append('|').append(c.declared()).append('|').append(c.line()).append('|').append(c.builtin())
            .append('\n');
        for (IptablesRule r : c.rules()) {
          sb.append("  rule|").append(r.command()).append('|').append(r.chain()).append('|').append(r.position())
              .append('|').append(r.counters()).append('|').append(r.line()).append('|').append(r.raw()).append('|')
              .append(r.comment()).append('|').append(r.targetName()).append('\n');
          for (IptablesMatch m : r.matches()) {
            sb.append("   m|").append(m.module()).append('|').append(m.implicit()).append('|')
                .append(new TreeSet<>(m.negatedOptions())).append('|').append(m.negated());
            options(m.options(), sb);
          }
          IptablesTarget g = r.target();
          if (g != null) {
            sb.append("   t|").append(g.name()).append('|').append(g.isGoto()).append('|').append(g.isExtension());
            options(g.options(), sb);
          }
          flush(sb, md);
        }
      }
    }
    for (ParseWarning w : d.warnings()) {
      sb.append("warn|").append(w.line()).append('|').append(w.kind()).append('|').append(w.message()).append('|')
          .append(w.raw()).append('\n');
    }
  }

  private static void options(Map<String, List<String>> o, StringBuilder sb) {
    sb.append('|').append(o.size());
    for (Map.Entry<String, List<String>> e : o.entrySet()) {
      sb.append('|').append(e.getKey()).append('=');
      for (String v : e.getValue()) {
        sb.append('[').append(v).append(']');
      }
    }
    sb.append('\n');
  }
}
