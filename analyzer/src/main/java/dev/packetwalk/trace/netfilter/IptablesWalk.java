package dev.packetwalk.trace.netfilter;

import dev.packetwalk.model.node.NfChain;
import dev.packetwalk.model.node.NfRule;
import dev.packetwalk.trace.Disposition;
import dev.packetwalk.trace.Step;
import dev.packetwalk.trace.netfilter.IptablesCond.Tri;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks one table's built-in chain for one branch: first-match rule order, jumps and gotos with a call stack, RETURN
 * and falling off a user chain's end, the built-in policy at the bottom. A forking match splits the branch; the
 * matched side is walked first, so outcomes come out in a fixed order.
 */
final class IptablesWalk {
  /** Deeper than any real rule set nests (kube-proxy: 5); past it the rules loop. */
  static final int MAX_DEPTH = 64;
  /** Jumps and gotos per branch and table: a goto loop does not deepen the stack. */
  static final int MAX_JUMPS = 10_000;
  /** Branches per table walk; past it the walk gives up on the branch rather than exhaust memory. */
  static final int MAX_BRANCHES = 4096;

  private final IptablesProgram program;

  IptablesWalk(IptablesProgram program) {
    this.program = program;
  }

  /** The branches that come out of {@code builtin} for {@code start}; each has its fate set. */
  List<IptablesState> walk(IptablesChainCode builtin, IptablesState start, Hook hook) {
    start.depth = 0;
    start.fate = null;
    start.push(new IptablesState.Frame(builtin, builtin.candidates(start)));
    ArrayDeque<IptablesState> pending = new ArrayDeque<>(2);
    pending.push(start);
    List<IptablesState> done = new ArrayList<>(1);
    int branches = 1;
    while (!pending.isEmpty()) {
      IptablesState s = pending.pop();
      branches += run(builtin, s, hook, pending, branches);
      done.add(s);
    }
    return done;
  }

  /** Walks {@code s} to its end; returns how many branches it forked off (pushed on {@code pending}). */
  private int run(IptablesChainCode builtin, IptablesState s, Hook hook, ArrayDeque<IptablesState> pending,
      int branches) {
    int forked = 0;
    int jumps = 0;
    while (true) {
      IptablesState.Frame f = s.top();
      int i = f.nextRule();
      if (i < 0) {
        if (s.depth == 1) {
          policy(builtin, s, hook);
          return forked;
        }
        s.popQuiet();
        continue;
      }
      f.next = i + 1;
      IptablesRuleCode rc = f.chain.rules()[i];
      NfRule r = rc.rule();
      IptablesCond unknown = null;
      boolean no = false;
      for (IptablesCond c : rc.conds()) {
        Tri t = c.test(s);
        if (t == Tri.NO) {
          no = true;
          break;
        }
        if (t == Tri.UNKNOWN && unknown == null) unknown = c;
      }
      if (no) continue;
      if (unknown != null) {
        String where = where(r);
        String why = unknown.why(s);
        IptablesTargets.unknown(s, r, why.contains(where) ? why : why + " (" + where + ")");
        return forked;
      }
      for (IptablesCond.Fork fork : rc.forks()) {
        if (branches + forked >= MAX_BRANCHES) {
          IptablesTargets.unknown(s, r, "more than " + MAX_BRANCHES + " branches in one table: " + where(r));
          return forked;
        }
        double p = fork.probability();
        IptablesState other = s.fork();
        other.probability *= 1 - p;
        other.choices.add("not " + choice(r, fork, 1 - p));
        pending.push(other);
        forked++;
        s.probability *= p;
        s.choices.add(choice(r, fork, p));
      }
      String target = r.target();
      if (target.isEmpty()) continue;
      if (target.equals("RETURN")) {
        if (s.depth == 1) {
          IptablesTargets.step(s, r, "RETURN", "");
          policy(builtin, s, hook);
          return forked;
        }
        if (!s.popQuiet()) IptablesTargets.step(s, r, "RETURN", "");
        continue;
      }
      if (IptablesTargets.known(target)) {
        if (IptablesTargets.apply(s, r, hook)) return forked;
        continue;
      }
      IptablesChainCode next = rc.jumpTarget(program);
      if (next == null) {
        IptablesTargets.unknown(s, r, "jumps to " + target + ", neither a target this engine knows nor a chain of the "
            + builtin.table() + " table in the dump: " + where(r));
        return forked;
      }
      if (s.depth >= MAX_DEPTH || ++jumps > MAX_JUMPS) {
        s.steps.add(new Step.ChainEvaluation(r.table(), r.chain(), r.index(), "jump " + target,
            "chain loop guard", r.ref()));
        s.finish(Fate.UNKNOWN, Disposition.INSUFFICIENT_INFO, "chains nest deeper than " + MAX_DEPTH
            + " or jump more than " + MAX_JUMPS + " times (a loop?): " + where(r), r.ref());
        return forked;
      }
      IptablesTargets.step(s, r, (r.isGoto() ? "goto " : "jump ") + target, "");
      if (r.isGoto()) s.pop();
      IptablesState.Frame entered = new IptablesState.Frame(next, next.candidates(s));
      if (!r.isGoto()) entered.stepsAtEntry = s.steps.size();
      s.push(entered);
    }
  }

  private static void policy(IptablesChainCode builtin, IptablesState s, Hook hook) {
    NfChain c = builtin.chain();
    // a restore input that does not declare the built-in chain leaves its policy at the kernel default, ACCEPT
    String p = c.policy().isEmpty() || c.policy().equals("-") ? "ACCEPT" : c.policy();
    switch (p) {
      case "ACCEPT" -> s.finish(Fate.ACCEPT, null, "", c.ref());
      case "DROP" -> {
        s.steps.add(new Step.ChainEvaluation(builtin.table(), c.name(), 0, "policy DROP", "", c.ref()));
        s.finish(Fate.DROP, IptablesDispositions.classify(hook, null, List.of(c.name())),
            "policy DROP of " + builtin.table() + "/" + c.name(), c.ref());
      }
      default -> s.finish(Fate.UNKNOWN, Disposition.INSUFFICIENT_INFO,
          "cannot apply policy " + p + " of " + builtin.table() + "/" + c.name(), c.ref());
    }
  }

  /** {@code KUBE-SEP-ABC (p=0.3333)}, {@code KUBE-SEP-ABC (recent KUBE-SEP-ABC, p=?)}. */
  private static String choice(NfRule r, IptablesCond.Fork fork, double p) {
    String name = r.target().isEmpty() ? "rule " + r.index() + " of " + r.chain() : r.target();
    String prob = "p=" + fixed4(p);
    return name + " (" + (fork.what().equals("statistic random") ? "" : fork.what() + ", ") + prob + ")";
  }

  /** {@code 0.3333}; {@code ?} for NaN. Cheaper than String.format, which shows in profiles of big fan-outs. */
  static String fixed4(double p) {
    if (Double.isNaN(p)) return "?";
    long v = Math.round(p * 10000);
    String frac = Long.toString(10000 + v % 10000).substring(1);
    return (v / 10000) + "." + frac;
  }

  static String where(NfRule r) {
    return r.table() + "/" + r.chain() + " rule " + r.index() + " (" + r.ref().file() + ":" + r.ref().line() + ")";
  }
}
