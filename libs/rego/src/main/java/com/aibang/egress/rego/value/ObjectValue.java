package com.aibang.egress.rego.value;

import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * An immutable Rego object; keys are any values, iterated in canonical order. It may also be a
 * lazy view of a plain Java map with string keys (an input document): lookups by key convert only
 * the member asked for, and the full sorted map is built on first use of anything else.
 */
public final class ObjectValue extends CollectionValue implements Value {
  public static final ObjectValue EMPTY = new ObjectValue(new TreeMap<>());

  /** From this many entries on, key lookups go through a hash index built on first use. */
  static final int HASH_LOOKUP_MIN = 16;

  /** Null while a lazy view has not been materialised; never changes once set. */
  private volatile NavigableMap<Value, Value> entries;
  /** The Java map of a lazy view (string keys, plain JSON values), else null. */
  private final Map<?, ?> javaSource;
  /** Whether every key of javaSource is a String: 0 not known yet, 1 yes, 2 no. */
  private byte stringKeys;
  /**
   * Members of a lazy view converted so far (each converted once, so nested views are reused):
   * keys and values at the same index, allocated on the first lookup. Not synchronised: a view
   * is confined to the one evaluation (one thread) that created it from its input.
   */
  private String[] viewedKeys;
  private Value[] viewedValues;
  private int viewedCount;
  /** Instead of the arrays for sources of {@link #HASH_LOOKUP_MIN} or more members. */
  private HashMap<String, Value> viewedLarge;
  private int hash;
  /** Hash index of a large object (see {@link #get}); keyed by the plain String when every key is a string. */
  private volatile HashIndex hashed;
  /** Small objects: keys at even, values at odd indexes, for lookups by equals (no tree walk). */
  private volatile Value[] flat;
  /** Hash codes of the keys of flat, built on the first lookup in an object of {@link #HASHED_SCAN_MIN} or more members. */
  private volatile int[] flatHashes;

  /**
   * From this many members on, a lookup in a small object scans the keys' hash codes (one array)
   * before comparing any key: comparing keys reads each key's text, several cache lines apart.
   */
  static final int HASHED_SCAN_MIN = 4;

  private ObjectValue(NavigableMap<Value, Value> entries) {
    this.entries = Collections.unmodifiableNavigableMap(entries);
    this.javaSource = null;
  }

  private ObjectValue(Map<?, ?> javaSource, boolean lazy) {
    this.javaSource = javaSource;
  }

  /** A compact object: only the flat key/value array, the sorted map built when first needed. */
  private ObjectValue(Value[] flat) {
    this.javaSource = null;
    this.flat = flat;
  }

  /**
   * Like {@link #wrap} for objects that live long and are mostly looked up by key (base data): a
   * small one keeps only its flat key/value array (about a third of a sorted map's footprint); the
   * sorted map is built on the first iteration or comparison.
   */
  public static ObjectValue compact(TreeMap<Value, Value> owned) {
    if (owned.isEmpty() || owned.size() >= HASH_LOOKUP_MIN) {
      return wrap(owned);
    }
    Value[] kv = new Value[owned.size() * 2];
    int i = 0;
    for (Map.Entry<Value, Value> e : owned.entrySet()) {
      kv[i++] = e.getKey();
      kv[i++] = e.getValue();
    }
    return new ObjectValue(kv);
  }

  /**
   * A lazy view of a Java map whose keys are all strings, which the caller must not modify while
   * the view is in use; the view caches without synchronisation, so it belongs to one thread.
   * Members convert through {@link JavaValues#view(Object)} when looked up.
   */
  static ObjectValue view(Map<?, ?> javaSource) {
    return javaSource.isEmpty() ? EMPTY : new ObjectValue(javaSource, true);
  }

  public static ObjectValue of(Map<? extends Value, ? extends Value> entries) {
    return entries.isEmpty() ? EMPTY : new ObjectValue(new TreeMap<>(entries));
  }

  /** Wraps a map the caller promises never to modify again (avoids a copy). */
  public static ObjectValue wrap(TreeMap<Value, Value> owned) {
    return owned.isEmpty() ? EMPTY : new ObjectValue(owned);
  }

  public static Builder builder() { return new Builder(); }

  /**
   * A small object (fewer than {@link #HASH_LOOKUP_MIN} members) from keys at even and values at
   * odd indexes, keys distinct and in canonical order; the caller hands the array over. Kept in
   * the compact form: no sorted map unless something needs one.
   */
  public static ObjectValue ofSortedPairs(Value[] kv) {
    if (kv.length == 0) {
      return EMPTY;
    }
    if (kv.length >= 2 * HASH_LOOKUP_MIN) {
      throw new IllegalArgumentException("not a small object: " + kv.length / 2 + " members");
    }
    return new ObjectValue(kv);
  }

  /** Calls c for each member in canonical key order (a compact object is read as it is). */
  public void forEachMember(java.util.function.BiConsumer<Value, Value> c) {
    Value[] kv = javaSource == null ? flat : null;
    if (kv != null) {
      // flat is always in canonical key order (built from the sorted map or handed over sorted)
      for (int i = 0; i < kv.length; i += 2) {
        c.accept(kv[i], kv[i + 1]);
      }
      return;
    }
    entries().forEach(c);
  }

  public NavigableMap<Value, Value> entries() {
    NavigableMap<Value, Value> e = entries;
    if (e == null && javaSource == null) {
      // a compact object: its members are in flat (immutable, so racing builders agree)
      TreeMap<Value, Value> m = new TreeMap<>();
      Value[] kv = flat;
      for (int i = 0; i < kv.length; i += 2) {
        m.put(kv[i], kv[i + 1]);
      }
      e = Collections.unmodifiableNavigableMap(m);
      entries = e;
    } else if (e == null) {
      // a lazy view is confined to one thread (its member cache is unsynchronised)
      TreeMap<Value, Value> m = new TreeMap<>();
      javaSource.forEach((k, v) -> {
        if (k instanceof String str) {
          StringValue key = StringValue.of(str);
          m.put(key, viewGet(key));
        } else {
          m.put(JavaValues.fromJava(k), JavaValues.view(v));
        }
      });
      e = Collections.unmodifiableNavigableMap(m);
      entries = e;
    }
    return e;
  }

  /** The value under key, null when absent; O(1) for large objects (allowlists, namespace maps). */
  public Value get(Value key) {
    Value[] compact = flat;
    if (compact != null) {
      return flatGet(compact, key);
    }
    NavigableMap<Value, Value> entries = this.entries;
    if (entries == null) {
      return viewGet(key);
    }
    if (entries.size() < HASH_LOOKUP_MIN) {
      Value[] kv = flat;
      if (kv == null) {
        kv = new Value[entries.size() * 2];
        int i = 0;
        for (Map.Entry<Value, Value> e : entries.entrySet()) {
          kv[i++] = e.getKey();
          kv[i++] = e.getValue();
        }
        flat = kv;
      }
      return flatGet(kv, key);
    }
    HashIndex h = hashed;
    if (h == null) {
      // never mutated after publication through the volatile field
      h = HashIndex.of(entries);
      hashed = h;
    }
    return h.get(key);
  }

  /**
   * Members of a large object by key. When every key is a string the map is keyed by the Java
   * String itself: a probe that reaches a stored key then reads the String and its bytes, not a
   * StringValue first (one dependent memory load less per lookup in the large allowlist tables).
   */
  private record HashIndex(HashMap<Object, Value> map, boolean byString) {
    static HashIndex of(Map<Value, Value> entries) {
      boolean allStrings = true;
      for (Value k : entries.keySet()) {
        allStrings &= k instanceof StringValue;
      }
      HashMap<Object, Value> m = new HashMap<>((int) (entries.size() / 0.75f) + 1);
      for (Map.Entry<Value, Value> e : entries.entrySet()) {
        m.put(allStrings ? ((StringValue) e.getKey()).value() : e.getKey(), e.getValue());
      }
      return new HashIndex(m, allStrings);
    }

    Value get(Value key) {
      if (byString) {
        return key instanceof StringValue s ? map.get(s.value()) : null;
      }
      return map.get(key);
    }
  }

  private Value flatGet(Value[] kv, Value key) {
    if (kv.length < 2 * HASHED_SCAN_MIN) {
      for (int i = 0; i < kv.length; i += 2) {
        if (kv[i].equals(key)) {
          return kv[i + 1];
        }
      }
      return null;
    }
    int[] hashes = flatHashes;
    if (hashes == null) {
      hashes = new int[kv.length / 2];
      for (int i = 0; i < hashes.length; i++) {
        hashes[i] = kv[2 * i].hashCode();
      }
      flatHashes = hashes; // the same contents whichever thread builds it
    }
    int h = key.hashCode();
    for (int i = 0; i < hashes.length; i++) {
      if (hashes[i] == h && kv[2 * i].equals(key)) {
        return kv[2 * i + 1];
      }
    }
    return null;
  }

  /** Convenience lookup by string key; null when absent. */
  public Value get(String key) { return get(StringValue.of(key)); }

  private Value viewGet(Value key) {
    if (!(key instanceof StringValue s)) {
      // only a source with other than string keys (rare) can hold it: look it up converted
      return onlyStringKeys() ? null : entries().get(key);
    }
    String name = s.value();
    if (javaSource.size() >= HASH_LOOKUP_MIN) {
      return viewGetLarge(name);
    }
    String[] keys = viewedKeys;
    int n = viewedCount;
    for (int i = 0; i < n; i++) {
      if (keys[i].equals(name)) {
        Value known = viewedValues[i];
        return known == ABSENT_MEMBER ? null : known;
      }
    }
    Object v = sourceGet(name);
    if (v == ABSENT && n >= MAX_REMEMBERED_ABSENT) {
      return null; // many different absent keys: not worth a longer scan for every lookup
    }
    // absent members are remembered too: policies test optional fields (input.rate, sni) repeatedly
    Value converted = v == ABSENT ? ABSENT_MEMBER : JavaValues.view(v);
    remember(name, converted);
    return converted == ABSENT_MEMBER ? null : converted;
  }

  /** Absent members are remembered only while a view has remembered fewer members than this. */
  private static final int MAX_REMEMBERED_ABSENT = 8;
  /** Remembered for a member a lazy view's source does not have; compared by identity. */
  private static final Value ABSENT_MEMBER = StringValue.of(new String("<absent member>"));

  private Value viewGetLarge(String name) {
    if (viewedLarge == null) {
      viewedLarge = new HashMap<>();
    }
    Value known = viewedLarge.get(name);
    if (known != null) {
      return known;
    }
    Object v = sourceGet(name);
    if (v == ABSENT) {
      return null;
    }
    Value converted = JavaValues.view(v);
    viewedLarge.put(name, converted);
    return converted;
  }

  private boolean onlyStringKeys() {
    if (stringKeys == 0) {
      boolean all = true;
      for (Object k : javaSource.keySet()) {
        all &= k instanceof String;
      }
      stringKeys = all ? (byte) 1 : (byte) 2;
    }
    return stringKeys == 1;
  }

  /** The source's member named name, ABSENT when it has none (also when its keys cannot be strings). */
  private Object sourceGet(String name) {
    try {
      // one lookup: absent members (optional input fields) are common, explicit nulls rare
      @SuppressWarnings("unchecked")
      Object v = ((Map<Object, Object>) javaSource).getOrDefault(name, ABSENT);
      return v;
    } catch (ClassCastException | NullPointerException e) {
      return ABSENT; // e.g. a TreeMap with Integer keys: no string key can be in it
    }
  }

  private static final Object ABSENT = new Object();

  private void remember(String name, Value converted) {
    int n = viewedCount;
    if (viewedKeys == null) {
      int capacity = Math.min(javaSource.size(), 4);
      viewedKeys = new String[capacity];
      viewedValues = new Value[capacity];
    } else if (n == viewedKeys.length) {
      // absent members count too, so the source's size does not bound the number remembered
      int capacity = Math.max(n + 1, Math.min(javaSource.size(), n * 2));
      viewedKeys = java.util.Arrays.copyOf(viewedKeys, capacity);
      viewedValues = java.util.Arrays.copyOf(viewedValues, capacity);
    }
    viewedKeys[n] = name;
    viewedValues[n] = converted;
    viewedCount = n + 1;
  }

  public int size() {
    if (javaSource != null) {
      return javaSource.size();
    }
    NavigableMap<Value, Value> e = entries;
    return e != null ? e.size() : flat.length / 2;
  }

  @Override public int typeRank() { return 5; }
  @Override public String typeName() { return "object"; }
  @Override public int compareSameType(Value other) {
    ObjectValue o = (ObjectValue) other;
    Iterator<Map.Entry<Value, Value>> a = entries().entrySet().iterator();
    Iterator<Map.Entry<Value, Value>> b = o.entries().entrySet().iterator();
    while (a.hasNext() && b.hasNext()) {
      Map.Entry<Value, Value> ea = a.next();
      Map.Entry<Value, Value> eb = b.next();
      int c = ea.getKey().compareTo(eb.getKey());
      if (c != 0) {
        return c;
      }
      c = ea.getValue().compareTo(eb.getValue());
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(size(), o.size());
  }
  @Override public boolean equals(Object o) {
    return o == this || o instanceof ObjectValue v && v.size() == size() && v.entries().equals(entries());
  }
  @Override public int hashCode() {
    if (hash == 0) {
      hash = entries().hashCode() + 11;
    }
    return hash;
  }
  @Override public String toString() { return RegoText.write(this); }

  /** Mutable builder; {@link #build()} hands the map over. */
  public static final class Builder {
    private TreeMap<Value, Value> map = new TreeMap<>();

    public Builder put(Value k, Value v) { map.put(k, v); return this; }

    public Builder put(String k, Value v) { return put(StringValue.of(k), v); }

    public Builder putAll(ObjectValue o) { map.putAll(o.entries()); return this; }

    public Value get(Value k) { return map.get(k); }

    public Value remove(Value k) { return map.remove(k); }

    public ObjectValue build() {
      ObjectValue v = ObjectValue.wrap(map);
      map = new TreeMap<>();
      return v;
    }
  }
}
