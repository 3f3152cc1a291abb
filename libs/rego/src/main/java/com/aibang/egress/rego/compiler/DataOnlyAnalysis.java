package com.aibang.egress.rego.compiler;

import com.aibang.egress.rego.ast.Body;
import com.aibang.egress.rego.ast.Expr;
import com.aibang.egress.rego.ast.Rule;
import com.aibang.egress.rego.ast.Term;
import com.aibang.egress.rego.builtins.BuiltinRegistry;
import com.aibang.egress.rego.value.StringValue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.List;

/**
 * Marks the rule-tree nodes whose documents depend on data alone ({@link RuleNode#dataOnly()}).
 * A rule is data-only when nothing it reaches, directly or through the rules and functions it
 * refers to, reads input, calls a nondeterministic builtin or print, or uses `with`, and it lies on
 * no dependency cycle. A node is data-only when every rule at or below it is. Such documents are
 * equal for every query against one compiled policy (its data is fixed), so the evaluator may
 * compute them once and share them. A ref data.a.b[x] depends on the rules at data.a and data.a.b
 * and on every rule below data.a.b (x may name any of them), as the recursion check assumes too.
 */
final class DataOnlyAnalysis {
  private final RuleNode root;
  private final BuiltinRegistry builtins;
  private final BitSet impure = new BitSet();
  private final List<BitSet> deps = new ArrayList<>();
  private int current;

  private DataOnlyAnalysis(RuleNode root, BuiltinRegistry builtins) {
    this.root = root;
    this.builtins = builtins;
  }

  /** Marks the data-only nodes of a compiled rule tree; all is every rule, indexed by id. */
  static void mark(RuleNode root, List<CompiledRule> all, BuiltinRegistry builtins) {
    DataOnlyAnalysis a = new DataOnlyAnalysis(root, builtins);
    for (CompiledRule r : all) {
      a.current = r.id();
      a.deps.add(new BitSet());
      a.rule(r);
    }
    a.excludeCycles(all.size());
    a.propagate(all.size());
    a.markNodes(root);
  }

  // ---- what one rule reaches ---------------------------------------------------------------

  private void rule(CompiledRule r) {
    r.dynamicSuffix().forEach(this::term);
    for (Rule b = r.rule(); b != null; b = b.elseRule()) {
      if (b.args() != null) {
        b.args().forEach(this::term);
      }
      if (b.key() != null) {
        term(b.key());
      }
      if (b.value() != null) {
        term(b.value());
      }
      body(b.body());
    }
  }

  private void body(Body b) {
    b.exprs().forEach(this::expr);
  }

  private void expr(Expr e) {
    if (!e.withs().isEmpty()) {
      // values under `with` differ from the shared ones; such rules are simply not memoised
      impure.set(current);
    }
    Expr.Kind k = e.kind();
    if (k instanceof Expr.TermExpr te) {
      term(te.term());
    } else if (k instanceof Expr.SomeIn si) {
      termOrNull(si.key());
      term(si.value());
      term(si.collection());
    } else if (k instanceof Expr.Every ev) {
      termOrNull(ev.key());
      term(ev.value());
      term(ev.domain());
      body(ev.body());
    } else if (k instanceof Expr.Group g) {
      body(g.body());
    } else if (k instanceof Expr.Logic l) {
      l.operands().forEach(this::expr);
    }
  }

  private void termOrNull(Term t) {
    if (t != null) {
      term(t);
    }
  }

  private void term(Term t) {
    if (t instanceof Term.Var v) {
      root(v.name(), List.of());
    } else if (t instanceof Term.Ref r) {
      if (r.head() instanceof Term.Var v) {
        root(v.name(), r.path());
      } else {
        term(r.head());
      }
      r.path().forEach(this::term);
    } else if (t instanceof Term.Call c) {
      call(c);
    } else if (t instanceof Term.ArrayTerm a) {
      a.items().forEach(this::term);
    } else if (t instanceof Term.SetTerm s) {
      s.items().forEach(this::term);
    } else if (t instanceof Term.ObjectTerm o) {
      o.keys().forEach(this::term);
      o.values().forEach(this::term);
    } else if (t instanceof Term.ArrayCompr ac) {
      term(ac.head());
      body(ac.body());
    } else if (t instanceof Term.SetCompr sc) {
      term(sc.head());
      body(sc.body());
    } else if (t instanceof Term.ObjectCompr oc) {
      term(oc.key());
      term(oc.value());
      body(oc.body());
    } else if (t instanceof Term.Template tpl) {
      tpl.exprs().forEach(this::expr);
    }
  }

  private void root(String name, List<Term> path) {
    if (name.equals("input")) {
      impure.set(current);
    } else if (name.equals("data")) {
      dataRef(path, false);
    }
  }

  private void call(Term.Call c) {
    if (c.operator() instanceof Term.Var op) {
      String name = op.name();
      if (!name.equals(VarRewriter.EQ) && !name.equals(VarRewriter.ASSIGN) && !builtins.isDeterministic(name)) {
        impure.set(current);
      }
    } else if (c.operator() instanceof Term.Ref op && op.head() instanceof Term.Var h && h.name().equals("data")) {
      dataRef(op.path(), true);
    } else {
      impure.set(current);
    }
    c.args().forEach(this::term);
  }

  /** Adds the rules (and, for a call, the functions) a ref into data can reach. */
  private void dataRef(List<Term> path, boolean call) {
    RuleNode node = root;
    addRules(node);
    for (Term p : path) {
      if (!(p instanceof Term.Scalar s) || !(s.value() instanceof StringValue str)) {
        break;
      }
      node = node.child(str.value());
      if (node == null) {
        return; // below the rules: base data only
      }
      addRules(node);
    }
    if (call) {
      node.functions().forEach(f -> deps.get(current).set(f.id()));
    } else {
      addSubtree(node);
    }
  }

  private void addRules(RuleNode node) {
    node.rules().forEach(r -> deps.get(current).set(r.id()));
  }

  private void addSubtree(RuleNode node) {
    addRules(node);
    node.children().values().forEach(this::addSubtree);
  }

  // ---- closing over the dependency graph ----------------------------------------------------

  /** Rules on a cycle are not memoised: sharing a half-computed document could deadlock or lie. */
  private void excludeCycles(int n) {
    // Tarjan's strongly connected components, iterative so deep rule chains cannot overflow the stack
    int[] index = new int[n];
    int[] low = new int[n];
    boolean[] onStack = new boolean[n];
    java.util.Arrays.fill(index, -1);
    Deque<Integer> stack = new ArrayDeque<>();
    int[] counter = {0};
    for (int start = 0; start < n; start++) {
      if (index[start] >= 0) {
        continue;
      }
      Deque<int[]> work = new ArrayDeque<>(); // {node, next dependency to look at}
      work.push(new int[] {start, 0});
      index[start] = low[start] = counter[0]++;
      stack.push(start);
      onStack[start] = true;
      while (!work.isEmpty()) {
        int[] top = work.peek();
        int v = top[0];
        int w = deps.get(v).nextSetBit(top[1]);
        if (w >= 0) {
          top[1] = w + 1;
          if (w == v) {
            impure.set(v);
          } else if (index[w] < 0) {
            index[w] = low[w] = counter[0]++;
            stack.push(w);
            onStack[w] = true;
            work.push(new int[] {w, 0});
          } else if (onStack[w]) {
            low[v] = Math.min(low[v], index[w]);
          }
          continue;
        }
        work.pop();
        if (!work.isEmpty()) {
          int parent = work.peek()[0];
          low[parent] = Math.min(low[parent], low[v]);
        }
        if (low[v] == index[v]) {
          List<Integer> component = new ArrayList<>();
          int w2;
          do {
            w2 = stack.pop();
            onStack[w2] = false;
            component.add(w2);
          } while (w2 != v);
          if (component.size() > 1) {
            component.forEach(impure::set);
          }
        }
      }
    }
  }

  /** A rule that reaches an impure rule is impure (fixed point). */
  private void propagate(int n) {
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int i = 0; i < n; i++) {
        if (!impure.get(i) && deps.get(i).intersects(impure)) {
          impure.set(i);
          changed = true;
        }
      }
    }
  }

  /** Returns true when every rule at or below node is data-only; marks such nodes that have rules. */
  private boolean markNodes(RuleNode node) {
    boolean pure = true;
    boolean hasRules = !node.rules().isEmpty();
    for (CompiledRule r : node.rules()) {
      pure &= !impure.get(r.id());
    }
    for (RuleNode c : node.children().values()) {
      pure &= markNodes(c);
      hasRules |= c.producesValues();
    }
    if (pure && hasRules) {
      node.markDataOnly();
    }
    return pure;
  }
}
