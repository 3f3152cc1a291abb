package com.aibang.egress.rego.compiler;

import com.aibang.egress.rego.ast.Body;
import com.aibang.egress.rego.ast.Expr;
import com.aibang.egress.rego.ast.Rule;
import com.aibang.egress.rego.ast.Term;
import com.aibang.egress.rego.value.StringValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reports rules and functions that depend on themselves (rego_recursion_error). A reference
 * data.a.b depends on every rule whose path is a prefix of a.b or lies below it.
 */
final class RecursionChecker {
  private final Map<String, List<CompiledRule>> byName = new LinkedHashMap<>();
  private final Map<String, Set<String>> edges = new HashMap<>();

  private RecursionChecker(List<CompiledRule> rules) {
    for (CompiledRule r : rules) {
      byName.computeIfAbsent(r.pathKey(), k -> new ArrayList<>()).add(r);
    }
    for (CompiledRule r : rules) {
      Set<List<String>> refs = new LinkedHashSet<>();
      collectRule(r.rule(), refs);
      Set<String> deps = edges.computeIfAbsent(r.pathKey(), k -> new LinkedHashSet<>());
      for (List<String> ref : refs) {
        for (CompiledRule target : rules) {
          if (isPrefix(target.staticPath(), ref) || isPrefix(ref, target.staticPath())) {
            deps.add(target.pathKey());
          }
        }
      }
    }
  }

  static void check(List<CompiledRule> rules, CompileErrors errors) {
    new RecursionChecker(rules).report(errors);
  }

  private void report(CompileErrors errors) {
    Set<String> done = new HashSet<>();
    for (String name : byName.keySet()) {
      List<String> cycle = findCycle(name, name, new ArrayList<>(List.of(name)), new HashSet<>());
      if (cycle != null && done.add(name)) {
        errors.add(CompileErrors.RECURSION, byName.get(name).get(0).rule().loc(),
            "rule " + name + " is recursive: " + String.join(" -> ", cycle));
      }
    }
  }

  private List<String> findCycle(String start, String at, List<String> path, Set<String> seen) {
    for (String next : edges.getOrDefault(at, Set.of())) {
      if (next.equals(start)) {
        List<String> cycle = new ArrayList<>(path);
        cycle.add(start);
        return cycle;
      }
      if (seen.add(next)) {
        path.add(next);
        List<String> c = findCycle(start, next, path, seen);
        if (c != null) {
          return c;
        }
        path.remove(path.size() - 1);
      }
    }
    return null;
  }

  private static boolean isPrefix(List<String> a, List<String> b) {
    return a.size() <= b.size() && b.subList(0, a.size()).equals(a);
  }

  private static void collectRule(Rule r, Set<List<String>> out) {
    for (Rule b = r; b != null; b = b.elseRule()) {
      if (b.args() != null) {
        b.args().forEach(t -> term(t, out));
      }
      if (b.key() != null) {
        term(b.key(), out);
      }
      if (b.value() != null) {
        term(b.value(), out);
      }
      body(b.body(), out);
    }
  }

  private static void body(Body b, Set<List<String>> out) {
    b.exprs().forEach(e -> expr(e, out));
  }

  private static void expr(Expr e, Set<List<String>> out) {
    Expr.Kind k = e.kind();
    if (k instanceof Expr.TermExpr te) {
      term(te.term(), out);
    } else if (k instanceof Expr.SomeIn si) {
      term(si.collection(), out);
    } else if (k instanceof Expr.Every ev) {
      term(ev.domain(), out);
      body(ev.body(), out);
    } else if (k instanceof Expr.Group g) {
      body(g.body(), out);
    } else if (k instanceof Expr.Logic l) {
      l.operands().forEach(o -> expr(o, out));
    }
    for (Expr.With w : e.withs()) {
      term(w.value(), out);
    }
  }

  private static void term(Term t, Set<List<String>> out) {
    if (t instanceof Term.Ref r) {
      if (r.head() instanceof Term.Var v && v.name().equals("data")) {
        List<String> prefix = groundPrefix(r);
        // data[<non-string>] cannot name a rule; only data itself or a string path can
        if (!prefix.isEmpty() || r.path().isEmpty()) {
          out.add(prefix);
        }
      } else {
        term(r.head(), out);
      }
      r.path().forEach(p -> term(p, out));
    } else if (t instanceof Term.Call c) {
      if (c.operator() instanceof Term.Ref op) {
        out.add(groundPrefix(op));
      }
      c.args().forEach(a -> term(a, out));
    } else if (t instanceof Term.ArrayTerm a) {
      a.items().forEach(x -> term(x, out));
    } else if (t instanceof Term.SetTerm s) {
      s.items().forEach(x -> term(x, out));
    } else if (t instanceof Term.ObjectTerm o) {
      o.keys().forEach(x -> term(x, out));
      o.values().forEach(x -> term(x, out));
    } else if (t instanceof Term.ArrayCompr ac) {
      term(ac.head(), out);
      body(ac.body(), out);
    } else if (t instanceof Term.SetCompr sc) {
      term(sc.head(), out);
      body(sc.body(), out);
    } else if (t instanceof Term.ObjectCompr oc) {
      term(oc.key(), out);
      term(oc.value(), out);
      body(oc.body(), out);
    } else if (t instanceof Term.Template tpl) {
      for (Expr e : tpl.exprs()) {
        if (e.kind() instanceof Expr.TermExpr te) {
          term(te.term(), out);
        }
      }
    }
  }

  private static List<String> groundPrefix(Term.Ref r) {
    List<String> out = new ArrayList<>();
    for (Term p : r.path()) {
      if (!(p instanceof Term.Scalar s) || !(s.value() instanceof StringValue str)) {
        break;
      }
      out.add(str.value());
    }
    return out;
  }
}
