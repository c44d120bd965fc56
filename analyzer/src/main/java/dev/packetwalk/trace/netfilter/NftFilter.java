package dev.packetwalk.trace.netfilter;

import dev.packetwalk.model.SourceRef;
import dev.packetwalk.model.node.NodeDataplane;
import dev.packetwalk.parse.nft.NftChain;
import dev.packetwalk.parse.nft.NftTable;
import dev.packetwalk.trace.Disposition;
import dev.packetwalk.trace.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * A node's native nftables rules as one {@link PacketFilter}: at each hook, the base chains of every {@code ip},
 * {@code ip6} and {@code inet} table registered there, in priority order ({@code raw} -300, {@code mangle} -150,
 * {@code dstnat} -100, {@code filter} 0, {@code srcnat} 100, and numbers), as kube-proxy's nftables mode and admins
 * write them.
 *
 * <p>As in the kernel: an {@code accept} ends only its own base chain, the next base chain still sees the packet;
 * {@code drop}, {@code reject} and anything this filter cannot evaluate end the hook. {@code type nat} chains see only
 * the first packet of a connection (ct NEW), and once one of them has translated the packet the later nat chains of
 * the hook are skipped. {@code numgen random mod N vmap { … }} fans out into one outcome per element, each with
 * probability (values it covers)/N; {@code numgen inc} is treated the same (round robin, over many connections, is a
 * uniform share).
 *
 * <p>Not evaluated, and so never matched or skipped silently: tables of the {@code arp}, {@code bridge} and
 * {@code netdev} families (other hooks), rules in JSON form, and the statements {@link NftRuleReader} does not read
 * (they give {@link Fate#UNKNOWN} when a packet reaches them). Dynamic sets ({@code update @affinity-…}) are matched
 * against the elements the dump listed: they are the node's state at collection time.
 */
public final class NftFilter implements PacketFilter {

  private final String file;
  private final List<NftTable> tables;
  private final HostView host;
  private final NftWalk walk;

  /**
   * @param file the bundle file the tables were read from, for evidence
   * @param tables the parsed tables, as {@link NodeDataplane#nftTables()} keeps them
   */
  public NftFilter(String file, List<NftTable> tables, HostView host) {
    this.file = file == null ? "" : file;
    this.tables = List.copyOf(tables);
    this.host = host;
    this.walk = new NftWalk(this.file, host);
  }

  /** The node's nft tables, citing {@code nodes/NODE/netfilter/nft-ruleset.txt} (or {@code .json}). */
  public static NftFilter of(NodeDataplane node, HostView host) {
    boolean json = node.nftTables().stream().flatMap(t -> t.chains().stream()).flatMap(c -> c.rules().stream())
        .anyMatch(r -> r.text().startsWith("["));
    String file = "nodes/" + node.name() + "/netfilter/nft-ruleset." + (json ? "json" : "txt");
    return new NftFilter(file, node.nftTables(), host);
  }

  public List<NftTable> tables() {
    return tables;
  }

  public String file() {
    return file;
  }

  /** The same filter without the tables {@code skip} selects (iptables-nft's, when iptables is walked apart). */
  public NftFilter without(Predicate<NftTable> skip) {
    return new NftFilter(file, tables.stream().filter(skip.negate()).toList(), host);
  }

  @Override
  public List<FilterOutcome> run(FilterInput in) {
    return CombinedFilter.runStages(stages(in.hook(), in.packet().family()), in);
  }

  /** The base chains registered at the hook for the family, each a stage at its priority, in priority order. */
  List<CombinedFilter.Stage> stages(Hook hook, int family) {
    List<CombinedFilter.Stage> out = new ArrayList<>();
    String name = hook.name().toLowerCase(Locale.ROOT);
    for (NftTable t : tables) {
      if (!applies(t.family(), family)) continue;
      for (NftChain c : t.chains()) {
        if (!name.equals(c.hook())) continue;
        Integer prio = c.priorityValue();
        String label = t.family() + " " + t.name() + "/" + c.name();
        boolean nat = "nat".equals(c.type());
        PacketFilter f = prio == null ? in -> List.of(unordered(t, c, in)) : in -> chain(t, c, in);
        out.add(new CombinedFilter.Stage(prio == null ? 0 : prio, nat, label, f));
      }
    }
    out.sort(java.util.Comparator.comparingInt(CombinedFilter.Stage::priority));
    return out;
  }

  private static boolean applies(String tableFamily, int family) {
    return switch (tableFamily) {
      case "ip" -> family == 4;
      case "ip6" -> family == 6;
      case "inet" -> true;
      default -> false;
    };
  }

  /** One base chain: its rules, then its policy for whatever falls off the end. */
  private List<FilterOutcome> chain(NftTable t, NftChain c, FilterInput in) {
    NftWalk.State start = new NftWalk.State(in.packet(), in.ctmark(), in.dnatted(), 1.0, List.of(), List.of(),
        List.of());
    List<FilterOutcome> out = new ArrayList<>();
    for (NftWalk.Result r : walk.base(t, c, in, start)) {
      NftWalk.State s = r.state();
      switch (r.end()) {
        case ACCEPT -> out.add(accept(s));
        case RETURN, NEXT -> out.add(policy(t, c, in.hook(), s));
        case DROP, REJECT, UNKNOWN -> out.add(new FilterOutcome(s.probability(), s.choices(), s.packet(),
            s.dnatted(), s.ctmark(), s.steps(), r.end() == NftWalk.End.DROP ? Fate.DROP
                : r.end() == NftWalk.End.REJECT ? Fate.REJECT : Fate.UNKNOWN, r.disposition(), r.reason(),
            r.evidence()));
      }
    }
    return out;
  }

  private static FilterOutcome accept(NftWalk.State s) {
    return new FilterOutcome(s.probability(), s.choices(), s.packet(), s.dnatted(), s.ctmark(), s.steps(),
        Fate.ACCEPT, null, "", null);
  }

  private FilterOutcome policy(NftTable t, NftChain c, Hook hook, NftWalk.State s) {
    if (c.policy() == null || c.policy().equals("accept")) return accept(s);
    String table = t.family() + " " + t.name();
    SourceRef ref = walk.ref(c.line());
    if (!c.policy().equals("drop")) {
      return new FilterOutcome(s.probability(), s.choices(), s.packet(), s.dnatted(), s.ctmark(), s.steps(),
          Fate.UNKNOWN, Disposition.INSUFFICIENT_INFO, table + "/" + c.name() + ": policy " + c.policy(), ref);
    }
    List<Step> steps = new ArrayList<>(s.steps());
    steps.add(new Step.ChainEvaluation(table, c.name(), 0, "policy DROP", "", ref));
    return new FilterOutcome(s.probability(), s.choices(), s.packet(), s.dnatted(), s.ctmark(), steps, Fate.DROP,
        NftDropClassifier.classify(hook, s.path(), List.of(), null, false), table + "/" + c.name() + ": policy drop",
        ref);
  }

  private FilterOutcome unordered(NftTable t, NftChain c, FilterInput in) {
    return new FilterOutcome(1.0, List.of(), in.packet(), in.dnatted(), in.ctmark(), List.of(), Fate.UNKNOWN,
        Disposition.INSUFFICIENT_INFO, t.family() + " " + t.name() + "/" + c.name() + ": priority '" + c.priority()
            + "' cannot be placed among the hook's chains", walk.ref(c.line()));
  }
}
