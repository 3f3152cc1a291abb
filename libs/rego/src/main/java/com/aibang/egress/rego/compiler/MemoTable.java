package com.aibang.egress.rego.compiler;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * Values computed lazily, at most once per key, for the lifetime of one compiled policy; safe for
 * concurrent evaluations. A thread asking for a key another thread is computing waits for it. A
 * failed computation is not remembered: the failure reaches its own caller only (it may be that
 * caller's time or step limit), and the next caller computes again.
 */
public final class MemoTable {
  private final ConcurrentHashMap<Object, CompletableFuture<Object>> entries = new ConcurrentHashMap<>();

  /** Computed values by slot (see {@link #get(int, int, Object, Supplier)}); created on first use. */
  private volatile AtomicReferenceArray<Object> bySlot;

  MemoTable() {}

  /** The value computed for slot, null when none is yet (then use {@link #get(int, int, Object, Supplier)}). */
  @SuppressWarnings("unchecked")
  public <T> T known(int slot) {
    AtomicReferenceArray<Object> done = bySlot;
    return done == null ? null : (T) done.get(slot);
  }

  /**
   * Like {@link #get(Object, Supplier)} for a key that has its own slot among slots (a rule-tree
   * node's index): once computed, the value is read from an array, without hashing the key or
   * waiting on its future (the lookup happens on every query that reads a memoised document).
   */
  @SuppressWarnings("unchecked")
  public <T> T get(int slot, int slots, Object key, Supplier<T> compute) {
    T known = known(slot);
    if (known != null) {
      return known;
    }
    T v = get(key, compute);
    AtomicReferenceArray<Object> done = bySlot;
    if (done == null) {
      synchronized (this) {
        done = bySlot;
        if (done == null) {
          done = new AtomicReferenceArray<>(slots);
          bySlot = done;
        }
      }
    }
    done.set(slot, v);
    return v;
  }

  /**
   * The value for key, computed by compute (which must not return null) on first use. compute must
   * not ask for the same key again (the compiler only memoises documents that lie on no cycle).
   */
  @SuppressWarnings("unchecked")
  public <T> T get(Object key, Supplier<T> compute) {
    while (true) {
      CompletableFuture<Object> f = entries.get(key);
      if (f == null) {
        CompletableFuture<Object> mine = new CompletableFuture<>();
        f = entries.putIfAbsent(key, mine);
        if (f == null) {
          return computeInto(key, mine, compute);
        }
      }
      try {
        return (T) f.get();
      } catch (ExecutionException e) {
        // the owner failed and removed its entry: compute here (or wait for whoever does now)
      } catch (InterruptedException e) {
        // keep the flag: computing locally, the evaluation's budget sees it and cancels
        Thread.currentThread().interrupt();
        return compute.get();
      }
    }
  }

  private <T> T computeInto(Object key, CompletableFuture<Object> mine, Supplier<T> compute) {
    T v;
    try {
      v = compute.get();
    } catch (RuntimeException | Error e) {
      entries.remove(key, mine);
      mine.completeExceptionally(e);
      throw e;
    }
    mine.complete(v);
    return v;
  }

  /** Number of values computed so far (for tests and diagnostics). */
  public int size() {
    int n = 0;
    for (CompletableFuture<Object> f : entries.values()) {
      if (f.isDone() && !f.isCompletedExceptionally()) {
        n++;
      }
    }
    return n;
  }
}
