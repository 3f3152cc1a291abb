package com.aibang.egress.rego.value;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Lazily computed data derived from one immutable collection (lookup indexes). Values are
 * immutable, so a derived result never goes stale; a value that lives in a compiled policy's data
 * keeps its indexes for the policy's lifetime, a temporary value drops them with itself.
 */
final class DerivedData {
  private final ConcurrentHashMap<Object, Object> results = new ConcurrentHashMap<>(4);

  @SuppressWarnings("unchecked")
  <T> T get(Object key, Supplier<T> compute) {
    Object v = results.get(key);
    if (v == null) {
      // computed outside the map: compute may be slow and must not hold a bin lock; a racing
      // thread computing the same result only wastes work
      v = compute.get();
      Object prior = results.putIfAbsent(key, v);
      if (prior != null) {
        v = prior;
      }
    }
    return (T) v;
  }
}
