package dev.packetwalk.parse.nft;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mutable accumulation shared by the three nft parsers; {@link #build()} freezes it into records. A transaction file
 * may add to a table in any order ({@code add chain} after {@code add rule} is an error for nft but still evidence),
 * so everything is looked up by name and created on first mention.
 */
final class NftBuilder {

  static final class TableB {
    String family;
    String name;
    String comment;
    final List<String> flags = new ArrayList<>();
    int line;
    final Map<String, ChainB> chains = new LinkedHashMap<>();
    final Map<String, SetB> sets = new LinkedHashMap<>();
    final List<NftObject> objects = new ArrayList<>();

    ChainB chain(String n, int at) {
      return chains.computeIfAbsent(n, k -> {
        ChainB c = new ChainB();
        c.name = k;
        c.line = at;
        return c;
      });
    }

    SetB set(String n, boolean map, int at) {
      SetB s = sets.computeIfAbsent(n, k -> {
        SetB b = new SetB();
        b.name = k;
        b.line = at;
        return b;
      });
      s.map |= map;
      return s;
    }
  }

  static final class ChainB {
    String name;
    String type;
    String hook;
    String priority;
    String policy;
    String device;
    String comment;
    int line;
    final List<NftRule> rules = new ArrayList<>();
  }

  static final class SetB {
    String name;
    boolean map;
    String keyType;
    boolean typeof;
    String dataType;
    final List<String> flags = new ArrayList<>();
    String comment;
    final Map<String, String> attributes = new LinkedHashMap<>();
    final List<NftElement> elements = new ArrayList<>();
    int line;

    /** {@code type a . b : verdict} or {@code typeof ip daddr : ct helper}. */
    void declareType(String decl, boolean isTypeof) {
      typeof = isTypeof;
      int colon = decl.indexOf(" : ");
      keyType = (colon < 0 ? decl : decl.substring(0, colon)).strip();
      if (colon >= 0) {
        dataType = decl.substring(colon + 3).strip();
        map = true;
      }
    }
  }

  private final Map<String, TableB> tables = new LinkedHashMap<>();

  TableB table(String family, String name, int line) {
    return tables.computeIfAbsent(family + " " + name, k -> {
      TableB t = new TableB();
      t.family = family;
      t.name = name;
      t.line = line;
      return t;
    });
  }

  TableB existing(String family, String name) {
    return tables.get(family + " " + name);
  }

  void remove(String family, String name) {
    tables.remove(family + " " + name);
  }

  List<NftTable> build() {
    List<NftTable> out = new ArrayList<>();
    for (TableB t : tables.values()) {
      List<NftChain> chains = t.chains.values().stream().map(c -> new NftChain(c.name, c.type, c.hook, c.priority,
          c.policy, c.device, c.comment, c.rules, c.line)).toList();
      List<NftSet> sets = t.sets.values().stream().map(s -> new NftSet(s.name, s.map, s.keyType, s.typeof,
          s.dataType, s.flags, s.comment, s.attributes, s.elements, s.line)).toList();
      out.add(new NftTable(t.family, t.name, t.comment, t.flags, chains, sets, t.objects, t.line));
    }
    return out;
  }
}
