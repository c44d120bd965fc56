package dev.packetwalk.report;

import dev.packetwalk.model.SourceRef;
import dev.packetwalk.trace.Branch;
import dev.packetwalk.trace.Hop;
import dev.packetwalk.trace.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The geometry of one branch drawn as boxes, left to right and wrapped into rows: one box per step, the steps of a
 * hop on a shaded lane named after the hop, the failing step outlined with its evidence line beneath it. Only
 * numbers and plain strings come out of here; {@code sections/paths.ftlh} writes the SVG elements and escapes
 * every string, so bundle text never becomes markup. Text is cut to fit the boxes (SVG does not wrap), and each
 * box's tooltip carries the whole step.
 */
public final class PathDiagram {
  static final int PER_ROW = 6;
  static final int BOX_W = 160;
  static final int BOX_H = 44;
  static final int GAP = 24;
  static final int PAD = 16;
  static final int LANE_HEAD = 20;
  static final int CALLOUT = 36;
  static final int ROW_GAP = 30;
  static final int WIDTH = 2 * PAD + PER_ROW * BOX_W + (PER_ROW - 1) * GAP;
  /** Average advance of the fonts the stylesheet gives the SVG text, in px per character. */
  private static final double TITLE_EM = 6.7;
  private static final double MONO_EM = 6.1;

  /** What the template draws; {@code height} fits every row. */
  public record Diagram(int width, int height, List<Lane> lanes, List<Box> boxes, List<Link> links,
      Callout callout) {}

  /**
   * A hop's part of one row: the shaded band behind its boxes, with the hop's name; {@code mark} is the capture
   * verdict set on this hop ("" for none), drawn right-aligned in the lane's head, {@code markCss} its style.
   */
  public record Lane(int x, int y, int w, int h, String label, String full, String css, String mark,
      String markCss) {}

  /** One step. {@code css} names the step type, and {@code fail} when it is where the branch ends. */
  public record Box(int x, int y, int w, int h, int number, String title, String detail, String tooltip, String css,
      boolean fail) {}

  /** An arrow: a polyline and its head as SVG point lists. */
  public record Link(String points, String head) {}

  /** The failing step's evidence line, drawn under it; {@code leader} joins it to the box. */
  public record Callout(int x, int y, String location, String excerpt, String leader) {}

  private PathDiagram() {}

  /** The diagram of {@code b}, with {@code failing} (may be null) highlighted. */
  public static Diagram of(Branch b, Step failing, PathExcerpts excerpts) {
    return of(b, failing, excerpts, -1, "", "");
  }

  /**
   * As {@link #of(Branch, Step, PathExcerpts)}, with {@code mark} (a capture verdict) on the first lane of hop
   * {@code markHop} (an index into the branch's hops; -1 for none).
   */
  public static Diagram of(Branch b, Step failing, PathExcerpts excerpts, int markHop, String mark, String markCss) {
    List<Hop> hops = new ArrayList<>();
    List<Integer> hopIndex = new ArrayList<>();
    List<Step> steps = new ArrayList<>();
    for (int k = 0; k < b.hops().size(); k++) {
      for (Step s : b.hops().get(k).steps()) {
        hops.add(b.hops().get(k));
        hopIndex.add(k);
        steps.add(s);
      }
    }
    boolean[] marked = {false};
    int failAt = failingIndex(steps, failing, b);
    List<Lane> lanes = new ArrayList<>();
    List<Box> boxes = new ArrayList<>();
    List<Link> links = new ArrayList<>();
    Callout callout = null;
    int rows = (steps.size() + PER_ROW - 1) / PER_ROW;
    int y = PAD / 2;
    int[] rowBottom = new int[Math.max(rows, 1)];
    for (int r = 0; r < rows; r++) {
      int first = r * PER_ROW;
      int last = Math.min(steps.size(), first + PER_ROW) - 1;
      int boxTop = y + LANE_HEAD;
      for (int i = first; i <= last; i++) {
        int x = PAD + (i - first) * (BOX_W + GAP);
        Step s = steps.get(i);
        String[] label = label(s);
        boxes.add(new Box(x, boxTop, BOX_W, BOX_H, i + 1, fit(label[0], chars(BOX_W - 34, TITLE_EM)),
            fit(label[1], chars(BOX_W - 18, MONO_EM)), (i + 1) + ". " + s.text() + " — "
            + PathFormat.location(s.evidence()), PathFormat.type(s).replace('_', '-')
            + (hops.get(i).direction() == Hop.Direction.REPLY ? " reply" : ""), i == failAt));
      }
      // lanes: one per run of steps from the same hop within the row
      for (int i = first; i <= last; ) {
        int j = i;
        while (j + 1 <= last && hopIndex.get(j + 1).equals(hopIndex.get(i))) j++;
        int x0 = PAD + (i - first) * (BOX_W + GAP) - 6;
        int x1 = PAD + (j - first) * (BOX_W + GAP) + BOX_W + 6;
        Hop h = hops.get(i);
        String name = h.where().isEmpty() ? h.node() : h.where();
        if (h.direction() == Hop.Direction.REPLY) name += " · reply";
        boolean here = hopIndex.get(i) == markHop && !marked[0];
        marked[0] |= here;
        int room = chars(x1 - x0 - 12, MONO_EM);
        lanes.add(new Lane(x0, y, x1 - x0, LANE_HEAD + BOX_H + 6, fit(name, here ? room / 2 - 1 : room),
            name + (here ? " — " + mark : ""), "place-" + h.place().name().toLowerCase(Locale.ROOT),
            here ? fit(mark, room - room / 2) : "", here ? markCss : ""));
        i = j + 1;
      }
      int bottom = boxTop + BOX_H + 6;
      if (failAt >= first && failAt <= last) {
        int bx = PAD + (failAt - first) * (BOX_W + GAP);
        int cx = Math.min(bx, WIDTH - PAD - 440);
        int cy = bottom + 16;
        SourceRef ref = steps.get(failAt).evidence();
        int room = chars(WIDTH - PAD - cx, MONO_EM);
        callout = new Callout(cx, cy, fit(PathFormat.location(ref), room),
            fit(PathJson.excerpt(ref, excerpts), room),
            points(bx + BOX_W / 2, boxTop + BOX_H, bx + BOX_W / 2, cy - 11));
        bottom += CALLOUT;
      }
      rowBottom[r] = bottom;
      y = bottom + ROW_GAP;
    }
    for (int i = 0; i + 1 < steps.size(); i++) {
      Box a = boxes.get(i);
      Box c = boxes.get(i + 1);
      int ay = a.y() + BOX_H / 2;
      int cy = c.y() + BOX_H / 2;
      if (a.y() == c.y()) {
        links.add(new Link(points(a.x() + BOX_W, ay, c.x() - 1, cy), right(c.x(), cy)));
      } else { // down past the row (and its callout), back to the left edge, into the next row's first box
        int turn = a.x() + BOX_W + GAP / 2;
        int across = rowBottom[i / PER_ROW] + ROW_GAP / 2;
        links.add(new Link(points(a.x() + BOX_W, ay, turn, ay, turn, across, PAD / 3, across, PAD / 3, cy,
            c.x() - 1, cy), right(c.x(), cy)));
      }
    }
    int height = rows == 0 ? PAD : rowBottom[rows - 1] + PAD / 2;
    return new Diagram(WIDTH, height, lanes, boxes, links, callout);
  }

  /** Where the highlighted step is: the break step itself (the last equal one), else the end of a failed branch. */
  private static int failingIndex(List<Step> steps, Step failing, Branch b) {
    if (failing != null) {
      int at = steps.lastIndexOf(failing);
      if (at >= 0) return at;
    }
    return b.disposition().success() || steps.isEmpty() ? -1 : steps.size() - 1;
  }

  /** A step's box: a short title saying what kind of step it was, and the detail that matters most. */
  static String[] label(Step s) {
    if (s instanceof Step.EnterInterface e) {
      return new String[] {e.kind().isEmpty() ? "interface" : e.kind(), e.iface()};
    }
    if (s instanceof Step.ChainEvaluation c) {
      return new String[] {c.table() + " " + c.chain(), (c.rule() > 0 ? "#" + c.rule() + " " : "") + c.action()};
    }
    if (s instanceof Step.NatTransformation n) return new String[] {n.kind(), "→ " + n.after()};
    if (s instanceof Step.IpvsScheduling v) return new String[] {"IPVS " + v.scheduler(), "→ " + v.realServer()};
    if (s instanceof Step.RoutingLookup r) {
      return new String[] {"route" + (r.table().isEmpty() || r.table().equals("main") ? "" : " table " + r.table()),
          r.result().isEmpty() ? r.route() : r.result()};
    }
    if (s instanceof Step.NeighbourLookup n) {
      return new String[] {(n.fdb() ? "FDB " : "neighbour ") + n.address(),
          (n.lladdr().isEmpty() ? "no entry" : n.lladdr()) + (n.state().isEmpty() ? "" : " " + n.state())};
    }
    if (s instanceof Step.Encapsulation e) {
      return new String[] {e.kind() + " encap", e.outerSrc() + " → " + e.outerDst()};
    }
    if (s instanceof Step.Decapsulation d) return new String[] {d.kind() + " decap", d.device()};
    if (s instanceof Step.Conntrack c) return new String[] {"conntrack " + c.action(), c.detail()};
    if (s instanceof Step.KernelSetting k) {
      String key = k.key().substring(k.key().lastIndexOf('.') + 1);
      return new String[] {key + "=" + k.value(), k.effect()};
    }
    if (s instanceof Step.Deliver d) return new String[] {"delivered", d.to()};
    if (s instanceof Step.Drop d) return new String[] {PathFormat.words(d.disposition()), d.detail()};
    return new String[] {PathFormat.type(s), s.text()};
  }

  private static int chars(int px, double em) {
    return Math.max(4, (int) (px / em));
  }

  /** {@code s} on one line, cut with an ellipsis to {@code n} characters. */
  static String fit(String s, int n) {
    String t = s == null ? "" : s.replaceAll("\\s+", " ").strip();
    return t.codePointCount(0, t.length()) <= n ? t : t.substring(0, t.offsetByCodePoints(0, n - 1)) + "…";
  }

  private static String points(int... xy) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < xy.length; i += 2) {
      if (i > 0) b.append(' ');
      b.append(xy[i]).append(',').append(xy[i + 1]);
    }
    return b.toString();
  }

  /** An arrowhead whose tip touches ({@code x}, {@code y}) from the left. */
  private static String right(int x, int y) {
    return points(x, y, x - 8, y - 4, x - 8, y + 4);
  }
}
