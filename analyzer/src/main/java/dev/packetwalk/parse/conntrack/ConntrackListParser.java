package dev.packetwalk.parse.conntrack;

import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.Parsed;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses {@code conntrack -L} and {@code conntrack -L -o extended} into a {@link ConntrackTable} (sample lines in
 * {@link ConntrackEntry}). A hand tokenizer walks each line once; the first {@code src=} opens the original tuple, the
 * second the reply tuple. The stderr trailer is recognised even when it was spliced into the middle of an entry (a
 * real capture had {@code ... use=conntrack v1.4.5 (conntrack-tools): 1438 flow entries have been shown.}): the entry
 * is kept, its {@code use} is -1 and a MALFORMED warning says why.
 */
public final class ConntrackListParser {
  public static final String PATH = "nodes/{node}/conntrack/conntrack-L.txt";

  private static final String TRAILER = "conntrack v";

  private ConntrackListParser() {}

  public static Parsed<ConntrackTable> parse(String file, String text) {
    return parse(file, new BufferedReader(new StringReader(text)));
  }

  public static Parsed<ConntrackTable> parse(String file, BufferedReader in) {
    List<ParseWarning> warnings = new ArrayList<>();
    List<ConntrackEntry> entries = new ArrayList<>();
    long reported = -1;
    int lineNo = 0;
    // Interning keeps a million entries small: addresses and states repeat a lot.
    Map<String, String> pool = new HashMap<>();
    try {
      for (String line; (line = in.readLine()) != null; ) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        int t = line.indexOf(TRAILER);
        if (t >= 0 && line.contains("flow entries have been shown")) {
          reported = trailerCount(line.substring(t));
          if (t == 0) {
            continue;
          }
          warnings.add(new ParseWarning(file, lineNo, ParseWarning.Kind.MALFORMED,
              "conntrack's stderr trailer was spliced into this entry; entry kept", line));
          line = line.substring(0, t);
        }
        ConntrackEntry e = entry(line, lineNo, pool);
        if (e == null) {
          warnings.add(new ParseWarning(file, lineNo, ParseWarning.Kind.UNRECOGNIZED, "not a conntrack entry", line));
        } else {
          entries.add(e);
        }
      }
    } catch (IOException e) {
      warnings.add(new ParseWarning(file, lineNo, ParseWarning.Kind.TRUNCATED, "read failed: " + e.getMessage(), ""));
    }
    return new Parsed<>(new ConntrackTable(entries, reported), warnings);
  }

  private static long trailerCount(String s) {
    int colon = s.indexOf("): ");
    if (colon < 0) {
      return -1;
    }
    int start = colon + 3;
    int end = s.indexOf(' ', start);
    return parseLong(s, start, end < 0 ? s.length() : end, -1);
  }

  /** One entry, or null when the line does not start like one. */
  static ConntrackEntry entry(String line, int lineNo, Map<String, String> pool) {
    int n = line.length();
    int[] pos = {0};
    String first = next(line, pos);
    if (first == null) {
      return null;
    }
    String l3 = null;
    int l3num = -1;
    String proto = first;
    if (first.equals("ipv4") || first.equals("ipv6")) {
      l3 = first;
      l3num = (int) num(next(line, pos), -1);
      proto = next(line, pos);
    }
    long protonum = num(next(line, pos), Long.MIN_VALUE);
    long ttl = num(next(line, pos), Long.MIN_VALUE);
    if (proto == null || protonum == Long.MIN_VALUE || ttl == Long.MIN_VALUE) {
      return null;
    }
    String state = null;
    String[] tuple = new String[2 * 2];
    int[] nums = {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1};
    int dir = -1;
    boolean unreplied = false;
    boolean assured = false;
    boolean offload = false;
    long mark = -1;
    int zone = -1;
    int use = -1;
    Map<String, String> extras = Map.of();
    for (String tok; (tok = next(line, pos)) != null; ) {
      int eq = tok.indexOf('=');
      if (eq < 0) {
        if (tok.charAt(0) == '[') {
          switch (tok) {
            case "[UNREPLIED]" -> unreplied = true;
            case "[ASSURED]" -> assured = true;
            case "[OFFLOAD]", "[HW_OFFLOAD]" -> offload = true;
            default -> extras = put(extras, tok, "");
          }
        } else if (state == null && dir < 0) {
          state = pool.computeIfAbsent(tok, k -> k);
        } else {
          extras = put(extras, tok, "");
        }
        continue;
      }
      String key = tok.substring(0, eq);
      String val = tok.substring(eq + 1);
      switch (key) {
        case "src" -> {
          if (dir < 1) {
            dir++;
          }
          tuple[dir * 2] = pool.computeIfAbsent(val, k -> k);
        }
        case "dst" -> {
          if (dir >= 0) {
            tuple[dir * 2 + 1] = pool.computeIfAbsent(val, k -> k);
          }
        }
        case "sport" -> setNum(nums, dir, 0, val);
        case "dport" -> setNum(nums, dir, 1, val);
        case "type" -> setNum(nums, dir, 2, val);
        case "code" -> setNum(nums, dir, 3, val);
        case "id" -> setNum(nums, dir, 4, val);
        case "mark" -> mark = num(val, -1);
        case "zone" -> zone = (int) num(val, -1);
        case "use" -> use = (int) num(val, -1);
        default -> extras = put(extras, key, val);
      }
    }
    ConntrackEntry.Tuple orig = new ConntrackEntry.Tuple(tuple[0], tuple[1], nums[0], nums[1], nums[2], nums[3],
        nums[4]);
    ConntrackEntry.Tuple reply = new ConntrackEntry.Tuple(tuple[2], tuple[3], nums[5], nums[6], nums[7], nums[8],
        nums[9]);
    return new ConntrackEntry(l3, l3num, pool.computeIfAbsent(proto, k -> k), (int) protonum, ttl, state, orig,
        reply, unreplied, assured, offload, mark, zone, use, extras, lineNo);
  }

  private static Map<String, String> put(Map<String, String> m, String k, String v) {
    Map<String, String> out = m.isEmpty() ? new HashMap<>() : m;
    out.put(k, v);
    return out;
  }

  private static void setNum(int[] nums, int dir, int slot, String val) {
    if (dir >= 0) {
      nums[dir * 5 + slot] = (int) num(val, -1);
    }
  }

  /** Next blank-separated token from {@code pos[0]}, or null at the end. */
  private static String next(String s, int[] pos) {
    int i = pos[0];
    int n = s.length();
    while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
    if (i >= n) {
      pos[0] = n;
      return null;
    }
    int j = i;
    while (j < n && s.charAt(j) != ' ' && s.charAt(j) != '\t') {
      j++;
    }
    pos[0] = j;
    return s.substring(i, j);
  }

  private static long num(String s, long bad) {
    return s == null ? bad : parseLong(s, 0, s.length(), bad);
  }

  /** Decimal digits only; anything else gives {@code bad} (no exception on a hot path). */
  static long parseLong(String s, int from, int to, long bad) {
    if (from >= to || to - from > 18) {
      return bad;
    }
    long v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return bad;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
