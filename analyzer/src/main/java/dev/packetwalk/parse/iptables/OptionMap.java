package dev.packetwalk.parse.iptables;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The immutable, insertion-ordered {@code option → values} map of a match or target. A rule has one to three options
 * per match, so two parallel arrays and a linear scan beat a {@code LinkedHashMap} (no table, no entry objects) both
 * in time and in heap. Values are immutable lists. Built only by the parser; the records accept it without copying.
 */
final class OptionMap extends AbstractMap<String, List<String>> {

  static final OptionMap EMPTY = new OptionMap(null, null, null);

  // one option (the common case) lives in two fields; two or more as interleaved pairs kv[2i] key, kv[2i+1] values
  private final String k0;
  private final List<String> v0;
  private final Object[] kv;

  private OptionMap(String k0, List<String> v0, Object[] kv) {
    this.k0 = k0;
    this.v0 = v0;
    this.kv = kv;
  }

  /**
   * Copies {@code size} pairs from scratch arrays the caller keeps reusing; {@code values[i]} must be immutable lists
   * without nulls, keys distinct.
   */
  static OptionMap of(String[] keys, List<String>[] values, int size) {
    if (size == 0) {
      return EMPTY;
    }
    if (size == 1) {
      return new OptionMap(keys[0], values[0], null);
    }
    Object[] kv = new Object[2 * size];
    for (int i = 0; i < size; i++) {
      kv[2 * i] = keys[i];
      kv[2 * i + 1] = values[i];
    }
    return new OptionMap(null, null, kv);
  }

  /** An immutable copy of any map (for callers outside the parser); an OptionMap is returned as is. */
  @SuppressWarnings("unchecked")
  static OptionMap copyOf(Map<String, List<String>> m) {
    if (m instanceof OptionMap o) {
      return o;
    }
    String[] k = new String[m.size()];
    List<String>[] v = new List[m.size()];
    int i = 0;
    for (Map.Entry<String, List<String>> e : m.entrySet()) {
      k[i] = e.getKey();
      v[i++] = List.copyOf(e.getValue());
    }
    if (i == 1 && k[0] == null) { // a map may hold a null key; the two-field form cannot
      return new OptionMap(null, null, new Object[] {null, v[0]});
    }
    return of(k, v, i);
  }

  private int indexOf(Object key) {
    int n = size();
    for (int i = 0; i < n; i++) {
      if (keyAt(i) == key) {
        return i;
      }
    }
    for (int i = 0; i < n; i++) {
      if (key != null && key.equals(keyAt(i))) {
        return i;
      }
    }
    return -1;
  }

  @SuppressWarnings("unchecked")
  List<String> valueAt(int i) {
    return kv == null ? v0 : (List<String>) kv[2 * i + 1];
  }

  String keyAt(int i) {
    return kv == null ? k0 : (String) kv[2 * i];
  }

  @Override
  public List<String> get(Object key) {
    int i = indexOf(key);
    return i < 0 ? null : valueAt(i);
  }

  @Override
  public boolean containsKey(Object key) {
    return indexOf(key) >= 0;
  }

  @Override
  public int size() {
    return kv != null ? kv.length / 2 : k0 != null ? 1 : 0;
  }

  @Override
  public boolean isEmpty() {
    return size() == 0;
  }

  @Override
  public void forEach(BiConsumer<? super String, ? super List<String>> action) {
    for (int i = 0, n = size(); i < n; i++) {
      action.accept(keyAt(i), valueAt(i));
    }
  }

  @Override
  public Set<Map.Entry<String, List<String>>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Map.Entry<String, List<String>>> iterator() {
        return new Iterator<>() {
          int i;

          @Override
          public boolean hasNext() {
            return i < size();
          }

          @Override
          public Map.Entry<String, List<String>> next() {
            if (i >= size()) {
              throw new NoSuchElementException();
            }
            Map.Entry<String, List<String>> e = new AbstractMap.SimpleImmutableEntry<>(keyAt(i), valueAt(i));
            i++;
            return e;
          }
        };
      }

      @Override
      public int size() {
        return OptionMap.this.size();
      }
    };
  }
}
