package dev.packetwalk.trace.netfilter;

import dev.packetwalk.parse.nft.NftTable;
import dev.packetwalk.trace.Packet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A node's whole packet filter at a hook: the iptables tables and the native nftables base chains, interleaved by
 * priority as the kernel runs them (raw -300, mangle -150, nat -100 at PREROUTING/OUTPUT, filter 0, security 50, nat
 * 100 at POSTROUTING/INPUT; nft chains at their own priority; at equal priority iptables first, the kernel's order
 * there being registration order, which the evidence does not show).
 *
 * <p>An ACCEPT in one table does not stop the next; DROP, REJECT and UNKNOWN end the hook. Outcomes fan out: each
 * outcome of a stage continues through the later stages, probabilities multiplied and choices concatenated. nat
 * stages follow conntrack: only ct NEW packets see them, and after one has translated the packet in this hook the
 * later ones are skipped.
 *
 * <p><b>iptables-nft tables are walked once.</b> With the nf_tables iptables backend, {@code nft list ruleset} also
 * shows iptables' own tables ({@code table ip filter}, {@code table ip6 nat}, … with {@code xt} expressions and the
 * "managed by iptables-nft" warning). When iptables rules are given here, every {@code ip}/{@code ip6} table named
 * {@code filter}, {@code nat}, {@code mangle}, {@code raw} or {@code security} is taken to be iptables' and left out of
 * the nft side: the iptables dump is its readable form. An {@code inet} table of such a name (nftables.conf's
 * {@code table inet filter}) is native and stays.
 */
public final class CombinedFilter implements PacketFilter {

  /** One unit of a hook: an iptables table or one nft base chain, at its priority. */
  record Stage(int priority, boolean nat, String name, PacketFilter filter) {}

  /** The iptables table names iptables-nft creates as nft tables of the same name. */
  static final Set<String> IPTABLES_TABLES = Set.of("filter", "nat", "mangle", "raw", "security");

  private final Function<String, PacketFilter> iptables;
  private final PacketFilter wholeIptables;
  private final NftFilter nft;

  /**
   * The precise form: {@code iptablesTable} gives, for a table name, a filter that runs only that table's built-in
   * chain of the input's hook (null when the node has no such table), so that each table sits at its own priority.
   */
  public CombinedFilter(Function<String, PacketFilter> iptablesTable, NftFilter nft, boolean iptablesPresent) {
    this.iptables = iptablesTable;
    this.wholeIptables = null;
    this.nft = iptablesPresent ? nft.without(CombinedFilter::iptablesManaged) : nft;
  }

  /**
   * The iptables rules as one filter for the whole hook. They are then run as one block before every nft base chain
   * of the hook; this differs from the kernel only where an nft chain sits between two iptables tables (kube-proxy's
   * nft {@code filter-prerouting-pre-dnat} at -110 runs after iptables raw and mangle but before iptables nat).
   * Pass {@link PacketFilter#NONE} or null for a node without iptables rules.
   */
  public CombinedFilter(PacketFilter iptables, NftFilter nft) {
    boolean present = iptables != null && iptables != PacketFilter.NONE;
    this.iptables = null;
    this.wholeIptables = present ? iptables : null;
    this.nft = present ? nft.without(CombinedFilter::iptablesManaged) : nft;
  }

  /** Whether an nft table is iptables-nft's view of an iptables table (see the class comment). */
  public static boolean iptablesManaged(NftTable t) {
    return (t.family().equals("ip") || t.family().equals("ip6")) && IPTABLES_TABLES.contains(t.name());
  }

  /** The nft side after leaving out iptables-nft's tables. */
  public NftFilter nft() {
    return nft;
  }

  @Override
  public List<FilterOutcome> run(FilterInput in) {
    List<Stage> stages = new ArrayList<>();
    if (wholeIptables != null) stages.add(new Stage(Integer.MIN_VALUE, false, "iptables", wholeIptables));
    if (iptables != null) {
      for (String table : in.hook().tables()) {
        PacketFilter f = iptables.apply(table);
        if (f != null) stages.add(new Stage(priority(table, in.hook()), table.equals("nat"), "iptables " + table, f));
      }
    }
    stages.addAll(nft.stages(in.hook(), in.packet().family()));
    stages.sort(Comparator.comparingInt(Stage::priority)); // stable: iptables first at equal priority
    return runStages(stages, in);
  }

  /** The kernel priority of an iptables table's chain at a hook. */
  static int priority(String table, Hook hook) {
    return switch (table) {
      case "raw" -> -300;
      case "mangle" -> -150;
      case "nat" -> hook == Hook.POSTROUTING || hook == Hook.INPUT ? 100 : -100;
      case "security" -> 50;
      default -> 0;
    };
  }

  /** Runs the stages in the given order with fan-out; shared by {@link NftFilter} for its own base chains. */
  static List<FilterOutcome> runStages(List<Stage> stages, FilterInput in) {
    List<FilterOutcome> acc = List.of(new FilterOutcome(1.0, List.of(), in.packet(), in.dnatted(), in.ctmark(),
        List.of(), Fate.ACCEPT, null, "", null));
    for (Stage stage : stages) {
      List<FilterOutcome> next = new ArrayList<>();
      for (FilterOutcome o : acc) {
        if (o.fate() != Fate.ACCEPT || stage.nat() && natSkipped(in, o)) {
          next.add(o);
          continue;
        }
        FilterInput cur = new FilterInput(in.hook(), o.packet(), in.ct(), in.inIface(), in.outIface(), in.physIn(),
            in.physOut(), o.dnatted(), o.ctmark());
        for (FilterOutcome r : stage.filter().run(cur)) next.add(merge(o, r));
      }
      acc = next;
    }
    return acc;
  }

  /** nat chains see only NEW packets, and none after the packet was translated in this hook. */
  private static boolean natSkipped(FilterInput in, FilterOutcome o) {
    if (in.ct() != CtState.NEW) return true;
    Packet a = in.packet();
    Packet b = o.packet();
    boolean dst = !a.dst().equals(b.dst()) || a.dport() != b.dport();
    boolean src = !a.src().equals(b.src()) || a.sport() != b.sport();
    return in.hook() == Hook.PREROUTING || in.hook() == Hook.OUTPUT ? dst : src;
  }

  private static FilterOutcome merge(FilterOutcome before, FilterOutcome after) {
    List<String> choices = new ArrayList<>(before.choices());
    choices.addAll(after.choices());
    List<dev.packetwalk.trace.Step> steps = new ArrayList<>(before.steps());
    steps.addAll(after.steps());
    return new FilterOutcome(before.probability() * after.probability(), choices, after.packet(),
        before.dnatted() || after.dnatted(), after.ctmark(), steps, after.fate(), after.disposition(),
        after.reason(), after.evidence());
  }
}
