package com.aibang.egress.rego.compiler;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Values computed lazily, at most once per key, for the lifetime of one compiled policy; safe for
 * concurrent evaluations. A thread asking for a key another thread is computing waits for it. A
 * failed computation is not remembered: the failure reaches its own caller only (it may be that
 * caller's time or step limit), and the next caller computes again.
 */
public final class MemoTable {
  private final ConcurrentHashMap<Object, CompletableFuture<Object>> entries = new ConcurrentHashMap<>();

  MemoTable() {}

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
