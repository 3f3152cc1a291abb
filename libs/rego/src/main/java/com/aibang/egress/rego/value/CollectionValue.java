package com.aibang.egress.rego.value;

import java.util.function.Supplier;

/** Base of the collection values (array, object, set): holds the lazily created cache of derived lookup indexes. */
public abstract class CollectionValue {
  // Created on first use only: most collections built during evaluation never need an index.
  private volatile DerivedData derived;

  CollectionValue() {}

  /**
   * A result derived from this value and cached on it (e.g. a lookup index keyed by a field),
   * computed once; compute must be a pure function of this value.
   */
  public <T> T derived(Object key, Supplier<T> compute) {
    DerivedData d = derived;
    if (d == null) {
      d = new DerivedData();
      derived = d;
    }
    return d.get(key, compute);
  }
}
