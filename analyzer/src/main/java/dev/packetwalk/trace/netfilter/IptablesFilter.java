package dev.packetwalk.trace.netfilter;

import dev.packetwalk.model.node.Netfilter;
import java.util.ArrayList;
import java.util.List;

/**
 * The iptables packet filter of one node and family: every table registered at a hook, in the kernel's order, each
 * walked from its built-in chain of the hook's name. The nat table is consulted only for a connection's first packet
 * (conntrack remembers its translation for the rest). A table or chain the dump lacks has no rules: the packet
 * passes. Built once per node and called for every flow; chains are compiled and indexed on first use.
 */
public final class IptablesFilter implements PacketFilter {
  private final HostView host;
  private final IptablesProgram program;
  private final IptablesWalk walk;

  public IptablesFilter(Netfilter nf, HostView host) {
    this.host = host;
    this.program = new IptablesProgram(nf);
    this.walk = new IptablesWalk(program);
  }

  @Override
  public List<FilterOutcome> run(FilterInput in) {
    List<FilterOutcome> out = new ArrayList<>(1);
    runFrom(0, in.hook().tables(), in.hook(), new IptablesState(in, host), out);
    return out;
  }

  /** Only {@code table}'s chain at each hook: for interleaving with nftables base chains by priority. */
  public PacketFilter table(String table) {
    return in -> {
      List<FilterOutcome> out = new ArrayList<>(1);
      List<String> one = in.hook().tables().contains(table) ? List.of(table) : List.of();
      runFrom(0, one, in.hook(), new IptablesState(in, host), out);
      return out;
    };
  }

  /** Runs {@code tables} from the {@code t}-th on, branch by branch, in order. */
  private void runFrom(int t, List<String> tables, Hook hook, IptablesState s, List<FilterOutcome> out) {
    for (; t < tables.size(); t++) {
      String table = tables.get(t);
      if (table.equals("nat") && (s.in.ct() != CtState.NEW || s.untracked)) continue;
      IptablesChainCode builtin = program.chain(table, hook.chain());
      if (builtin == null) continue;
      List<IptablesState> ends = walk.walk(builtin, s, hook);
      if (ends.size() == 1) {
        if (s.fate != Fate.ACCEPT) {
          out.add(s.outcome());
          return;
        }
        continue;
      }
      for (IptablesState e : ends) {
        if (e.fate == Fate.ACCEPT) runFrom(t + 1, tables, hook, e, out);
        else out.add(e.outcome());
      }
      return;
    }
    s.finish(Fate.ACCEPT, null, "", null);
    out.add(s.outcome());
  }
}
