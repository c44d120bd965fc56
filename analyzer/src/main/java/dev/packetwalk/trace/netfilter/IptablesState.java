package dev.packetwalk.trace.netfilter;

import dev.packetwalk.model.SourceRef;
import dev.packetwalk.trace.Disposition;
import dev.packetwalk.trace.Packet;
import dev.packetwalk.trace.Step;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One branch of a hook's walk: the packet as rules have changed it so far, what conntrack knows, the chain call stack
 * and the steps taken. Mutable while walking; {@link #fork()} copies it when a rule branches.
 */
final class IptablesState {
  final FilterInput in;
  final HostView host;
  Packet packet;
  boolean dnatted;
  /** A SNAT or MASQUERADE was applied in this hook. */
  boolean snatted;
  /** {@code CT --notrack} in raw: conntrack (and so nat) leaves the packet alone. */
  boolean untracked;
  long ctmark;
  double probability = 1.0;
  final List<String> choices;
  final List<Step> steps;

  Fate fate;
  Disposition disposition;
  String reason = "";
  SourceRef evidence = SourceRef.NONE;

  /** The chain call stack of the table being walked. */
  Frame[] frames = new Frame[8];
  int depth;

  private Packet parsedFor;
  private IptablesAddress src;
  private IptablesAddress dst;

  IptablesState(FilterInput in, HostView host) {
    this.in = in;
    this.host = host;
    this.packet = in.packet();
    this.dnatted = in.dnatted();
    this.ctmark = in.ctmark();
    this.choices = new ArrayList<>(2);
    this.steps = new ArrayList<>(8);
  }

  private IptablesState(IptablesState o) {
    in = o.in;
    host = o.host;
    packet = o.packet;
    dnatted = o.dnatted;
    snatted = o.snatted;
    untracked = o.untracked;
    ctmark = o.ctmark;
    probability = o.probability;
    choices = new ArrayList<>(o.choices);
    steps = new ArrayList<>(o.steps);
    fate = o.fate;
    disposition = o.disposition;
    reason = o.reason;
    evidence = o.evidence;
    frames = new Frame[o.frames.length];
    depth = o.depth;
    for (int i = 0; i < depth; i++) frames[i] = o.frames[i].copy();
  }

  IptablesState fork() {
    return new IptablesState(this);
  }

  IptablesAddress src() {
    parse();
    return src;
  }

  IptablesAddress dst() {
    parse();
    return dst;
  }

  private void parse() {
    if (parsedFor != packet) {
      src = IptablesAddress.parse(packet.src());
      dst = IptablesAddress.parse(packet.dst());
      parsedFor = packet;
    }
  }

  Frame top() {
    return frames[depth - 1];
  }

  void push(Frame f) {
    if (depth == frames.length) frames = Arrays.copyOf(frames, depth * 2);
    frames[depth++] = f;
  }

  void pop() {
    frames[--depth] = null;
  }

  /**
   * Leaves a chain that returned. A jump into a chain where nothing acted tells a reader nothing, so its step is
   * taken back; returns whether it was.
   */
  boolean popQuiet() {
    Frame f = frames[depth - 1];
    pop();
    if (f.stepsAtEntry >= 0 && steps.size() == f.stepsAtEntry) {
      steps.remove(steps.size() - 1);
      return true;
    }
    return false;
  }

  /** Chain names on the call stack, outermost first. */
  List<String> chainPath() {
    List<String> l = new ArrayList<>(depth);
    for (int i = 0; i < depth; i++) l.add(frames[i].chain.name());
    return l;
  }

  void finish(Fate f, Disposition d, String why, SourceRef ref) {
    fate = f;
    disposition = d;
    reason = why == null ? "" : why;
    evidence = ref == null ? SourceRef.NONE : ref;
  }

  FilterOutcome outcome() {
    return new FilterOutcome(probability, choices, packet, dnatted, ctmark, steps, fate, disposition, reason,
        evidence);
  }

  /** A chain being walked, and where in it: {@code next} is the 0-based index of the next rule to consider. */
  static final class Frame {
    final IptablesChainCode chain;
    int next;
    /** The rules worth testing for this packet, from the chain's index (sorted), or null to test every rule. */
    final int[][] candidates;
    /** How many steps the branch had right after the jump into this chain; -1 for a built-in chain or a goto. */
    int stepsAtEntry = -1;

    Frame(IptablesChainCode chain, int[][] candidates) {
      this.chain = chain;
      this.candidates = candidates;
    }

    Frame copy() {
      Frame f = new Frame(chain, candidates);
      f.next = next;
      f.stepsAtEntry = stepsAtEntry;
      return f;
    }

    /** The index of the next rule to test at or after {@link #next}, or -1 at the end of the chain. */
    int nextRule() {
      if (candidates == null) return next < chain.rules().length ? next : -1;
      int best = Integer.MAX_VALUE;
      for (int[] c : candidates) {
        int i = Arrays.binarySearch(c, next);
        if (i < 0) i = -i - 1;
        if (i < c.length && c[i] < best) best = c[i];
      }
      return best == Integer.MAX_VALUE ? -1 : best;
    }
  }
}
