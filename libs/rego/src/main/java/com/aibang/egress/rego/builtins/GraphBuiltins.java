package com.aibang.egress.rego.builtins;

import com.aibang.egress.rego.value.ArrayValue;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.SetValue;
import com.aibang.egress.rego.value.Value;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.TreeSet;

/** graph.reachable and graph.reachable_paths over an adjacency object (node -&gt; set or array of nodes). */
public final class GraphBuiltins {
  private GraphBuiltins() {}

  public static void register(BuiltinRegistry r) {
    r.register("graph.reachable", 2, GraphBuiltins::reachable);
    r.register("graph.reachable_paths", 2, GraphBuiltins::reachablePaths);
  }

  /** Neighbours of a node; anything but a set or array (e.g. null) means none. */
  private static Collection<Value> edges(Value v) {
    if (v instanceof SetValue s) {
      return s.items();
    }
    if (v instanceof ArrayValue a) {
      return a.items();
    }
    return List.of();
  }

  private static Collection<Value> initial(Args a) {
    Value v = a.get(1);
    if (!(v instanceof SetValue) && !(v instanceof ArrayValue)) {
      throw a.typeError(1, "one of {set, array}");
    }
    return edges(v);
  }

  /** Nodes reachable from the initial ones; only nodes present in the graph count as reached. */
  private static Value reachable(Args a) {
    ObjectValue graph = a.object(0);
    Deque<Value> queue = new ArrayDeque<>(initial(a));
    TreeSet<Value> reached = new TreeSet<>();
    while (!queue.isEmpty()) {
      Value node = queue.poll();
      Value neighbours = graph.get(node);
      if (neighbours != null && reached.add(node)) {
        for (Value n : edges(neighbours)) {
          if (!reached.contains(n)) {
            queue.add(n);
          }
        }
      }
    }
    return SetValue.wrap(reached);
  }

  /** Every maximal path from each initial node; a path ends at a leaf, a missing node or a cycle. */
  private static Value reachablePaths(Args a) {
    ObjectValue graph = a.object(0);
    TreeSet<Value> paths = new TreeSet<>();
    for (Value start : initial(a)) {
      if (graph.get(start) != null) {
        List<Value> path = new ArrayList<>();
        path.add(start);
        extend(graph, path, paths);
      }
    }
    return SetValue.wrap(paths);
  }

  private static void extend(ObjectValue graph, List<Value> path, TreeSet<Value> out) {
    Collection<Value> next = edges(graph.get(path.get(path.size() - 1)));
    if (next.isEmpty()) {
      out.add(ArrayValue.of(path));
      return;
    }
    for (Value n : next) {
      if (path.contains(n) || graph.get(n) == null) {
        out.add(ArrayValue.of(path));
      } else {
        path.add(n);
        extend(graph, path, out);
        path.remove(path.size() - 1);
      }
    }
  }
}
