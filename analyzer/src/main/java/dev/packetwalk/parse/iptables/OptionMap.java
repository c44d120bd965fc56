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

  static final OptionMap EMPTY = new OptionMap(new Object[0]);

  /** Keys and values interleaved: {@code kv[2i]} is a String, {@code kv[2i+1]} an immutable List of String. */
  private final Object[] kv;

  private OptionMap(Object[] kv) {
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
    Object[] kv = new Object[2 * size];
    for (int i = 0; i < size; i++) {
      kv[2 * i] = keys[i];
      kv[2 * i + 1] = values[i];
    }
    return new OptionMap(kv);
  }

  /** An immutable copy of any map (for callers outside the parser); an OptionMap is returned as is. */
  static OptionMap copyOf(Map<String, List<String>> m) {
    if (m instanceof OptionMap o) {
      return o;
    }
    Object[] kv = new Object[2 * m.size()];
    int i = 0;
    for (Map.Entry<String, List<String>> e : m.entrySet()) {
      kv[i++] = e.getKey();
      kv[i++] = List.copyOf(e.getValue());
    }
    return i == 0 ? EMPTY : new OptionMap(kv);
  }

  private int indexOf(Object key) {
    for (int i = 0; i < kv.length; i += 2) {
      if (kv[i] == key) {
        return i;
      }
    }
    for (int i = 0; i < kv.length; i += 2) {
      if (key != null && key.equals(kv[i])) {
        return i;
      }
    }
    return -1;
  }

  @SuppressWarnings("unchecked")
  private List<String> valueAt(int i) {
    return (List<String>) kv[i + 1];
  }

  private String keyAt(int i) {
    return (String) kv[i];
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
    return kv.length / 2;
  }

  @Override
  public boolean isEmpty() {
    return kv.length == 0;
  }

  @Override
  public void forEach(BiConsumer<? super String, ? super List<String>> action) {
    for (int i = 0; i < kv.length; i += 2) {
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
            return i < kv.length;
          }

          @Override
          public Map.Entry<String, List<String>> next() {
            if (i >= kv.length) {
              throw new NoSuchElementException();
            }
            Map.Entry<String, List<String>> e = new AbstractMap.SimpleImmutableEntry<>(keyAt(i), valueAt(i));
            i += 2;
            return e;
          }
        };
      }

      @Override
      public int size() {
        return kv.length / 2;
      }
    };
  }
}
