package com.aibang.egress.rego.compiler;

import com.aibang.egress.rego.ast.Body;
import com.aibang.egress.rego.ast.Expr;
import com.aibang.egress.rego.ast.Location;
import com.aibang.egress.rego.ast.Term;
import com.aibang.egress.rego.builtins.Builtin;
import com.aibang.egress.rego.builtins.BuiltinRegistry;
import com.aibang.egress.rego.value.ArrayValue;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves names and gives every local variable a scope-unique name: rule names and import
 * aliases become data refs, builtin calls keep their Rego name as a Var operator, user function
 * calls become data refs. Nested bodies (comprehensions, every) get their own scopes.
 */
final class VarRewriter {
  static final String EQ = "eq";
  static final String ASSIGN = "assign";
  static final String PRINT = "print";

  private final PackageInfo pkg;
  private final BuiltinRegistry builtins;
  private final CompileErrors errors;
  private final Map<Body, Set<String>> localsByBody;
  private final FunctionNames names;
  private int counter;
  private Value ruleMetadata = ObjectValue.EMPTY;
  private Value chainMetadata = ArrayValue.EMPTY;

  /** Values of rego.metadata.rule() and rego.metadata.chain() for the rule being rewritten. */
  void metadata(Value rule, Value chain) {
    this.ruleMetadata = rule;
    this.chainMetadata = chain;
  }

  VarRewriter(PackageInfo pkg, BuiltinRegistry builtins, CompileErrors errors, Map<Body, Set<String>> localsByBody) {
    this.pkg = pkg;
    this.builtins = builtins;
    this.errors = errors;
    this.localsByBody = localsByBody;
    this.names = new FunctionNames(pkg, builtins, errors);
  }

  static Map<Body, Set<String>> newLocalsMap() { return new IdentityHashMap<>(); }

  // ---- scopes --------------------------------------------------------------------------------

  /** Declares the names used directly in the given terms/exprs in scope (root scopes keep names). */
  Scope open(Scope parent, List<Term> terms, List<Expr> exprs, boolean keepNames) {
    Scope scope = new Scope(parent);
    Set<String> explicit = new LinkedHashSet<>();
    Set<String> used = new LinkedHashSet<>();
    for (Term t : terms) {
      collect(t, used);
    }
    for (int i = 0; i < exprs.size(); i++) {
      Set<String> before = new LinkedHashSet<>(explicit);
      if (isAssign(exprs.get(i))) {
        Set<String> assigned = new LinkedHashSet<>();
        collect(((Term.Call) ((Expr.TermExpr) exprs.get(i).kind()).term()).args().get(0), assigned);
        for (String name : assigned) {
          if (before.contains(name) && !name.startsWith("$_")) {
            errors.add(CompileErrors.COMPILE, exprs.get(i).loc(), "var " + name + " assigned above");
          }
        }
      }
      collectExpr(exprs.get(i), used, explicit);
      for (String name : explicit) {
        if (!before.contains(name) && isAssign(exprs.get(i))) {
          scope.declaredByAssignAt(name, i);
        }
      }
    }
    for (String name : explicit) {
      scope.declare(name, keepNames ? name : fresh(name));
    }
    for (String name : used) {
      if (scope.declaredHere(name) || (parent != null && parent.lookupFromChild(name) != null) || isGlobal(name)) {
        continue;
      }
      scope.declare(name, keepNames || name.startsWith("$_") ? name : fresh(name));
    }
    return scope;
  }

  /** Scope of function arguments: every variable in them is local, even if it names a rule. */
  Scope openArgs(List<Term> args) {
    Scope scope = new Scope(null);
    Set<String> used = new LinkedHashSet<>();
    args.forEach(a -> collect(a, used));
    used.forEach(n -> scope.declare(n, n));
    return scope;
  }

  private static boolean isAssign(Expr e) {
    return e.kind() instanceof Expr.TermExpr te && te.term() instanceof Term.Call c
        && c.operator() instanceof Term.Var op && op.name().equals(ASSIGN);
  }

  private String fresh(String name) { return name + "#" + (++counter); }

  private boolean isGlobal(String name) {
    return name.equals("data") || name.equals("input") || pkg.imports().containsKey(name)
        || pkg.ruleNames().contains(name);
  }

  private void collectExpr(Expr e, Set<String> used, Set<String> explicit) {
    if (e.kind() instanceof Expr.TermExpr te) {
      if (te.term() instanceof Term.Call c && c.operator() instanceof Term.Var op && op.name().equals(ASSIGN)) {
        collect(c.args().get(0), explicit);
      }
      collect(te.term(), used);
    } else if (e.kind() instanceof Expr.SomeDecl sd) {
      sd.vars().forEach(v -> explicit.add(v.name()));
    } else if (e.kind() instanceof Expr.SomeIn si) {
      if (si.key() != null) {
        collect(si.key(), explicit);
      }
      collect(si.value(), explicit);
      collect(si.collection(), used);
    } else if (e.kind() instanceof Expr.Every ev) {
      collect(ev.domain(), used);
    }
    for (Expr.With w : e.withs()) {
      if (!namesFunction(w.value())) {
        collect(w.value(), used);
      }
    }
  }

  /** Collects variable names used directly (not inside nested bodies) in a term. */
  private void collect(Term t, Set<String> out) {
    if (t instanceof Term.Var v) {
      out.add(v.name());
    } else if (t instanceof Term.Ref r) {
      collect(r.head(), out);
      r.path().forEach(p -> collect(p, out));
    } else if (t instanceof Term.ArrayTerm a) {
      a.items().forEach(x -> collect(x, out));
    } else if (t instanceof Term.SetTerm s) {
      s.items().forEach(x -> collect(x, out));
    } else if (t instanceof Term.ObjectTerm o) {
      o.keys().forEach(x -> collect(x, out));
      o.values().forEach(x -> collect(x, out));
    } else if (t instanceof Term.Call c) {
      c.args().forEach(x -> collect(x, out));
    } else if (t instanceof Term.Template tpl) {
      tpl.exprs().forEach(x -> collectExpr(x, out, new LinkedHashSet<>()));
    }
  }

  private boolean namesFunction(Term t) {
    String name = t instanceof Term.Var v ? v.name() : t instanceof Term.Ref r ? r.dottedName() : null;
    return name != null && builtins.get(name).isPresent() && !pkg.ruleNames().contains(name.split("\\.")[0]);
  }

  // ---- rewriting -----------------------------------------------------------------------------

  Body body(Body b, Scope scope) {
    List<Expr> out = new ArrayList<>(b.exprs().size());
    for (int i = 0; i < b.exprs().size(); i++) {
      scope.cursor(i);
      out.add(expr(b.exprs().get(i), scope));
    }
    scope.cursor(Integer.MAX_VALUE);
    Body nb = new Body(List.copyOf(out), b.loc());
    Set<String> locals = new LinkedHashSet<>(scope.local().values());
    localsByBody.put(nb, locals);
    return nb;
  }

  Expr expr(Expr e, Scope scope) {
    Expr.Kind kind;
    if (e.kind() instanceof Expr.TermExpr te) {
      kind = new Expr.TermExpr(term(te.term(), scope));
    } else if (e.kind() instanceof Expr.SomeDecl sd) {
      List<Term.Var> vars = new ArrayList<>();
      sd.vars().forEach(v -> vars.add((Term.Var) term(v, scope)));
      kind = new Expr.SomeDecl(vars);
    } else if (e.kind() instanceof Expr.SomeIn si) {
      kind = new Expr.SomeIn(si.key() == null ? null : term(si.key(), scope),
          term(si.value(), scope), term(si.collection(), scope));
    } else if (e.kind() instanceof Expr.Every ev) {
      kind = every(ev, scope);
    } else if (e.kind() instanceof Expr.Group g) {
      Scope inner = open(scope, List.of(), g.body().exprs(), false);
      kind = new Expr.Group(body(g.body(), inner));
    } else if (e.kind() instanceof Expr.Logic l) {
      List<Expr> ops = new ArrayList<>();
      l.operands().forEach(o -> ops.add(expr(o, scope)));
      kind = new Expr.Logic(l.or(), List.copyOf(ops));
    } else {
      throw new IllegalStateException("unexpected " + e.kind());
    }
    List<Expr.With> withs = new ArrayList<>();
    for (Expr.With w : e.withs()) {
      withs.add(with(w, scope));
    }
    return new Expr(e.negated(), kind, List.copyOf(withs), e.loc());
  }

  private Expr.Kind every(Expr.Every ev, Scope scope) {
    Term domain = term(ev.domain(), scope);
    List<Term> heads = new ArrayList<>();
    if (ev.key() != null) {
      heads.add(ev.key());
    }
    heads.add(ev.value());
    Scope inner = new Scope(scope);
    Set<String> declared = new LinkedHashSet<>();
    heads.forEach(h -> collect(h, declared));
    declared.forEach(n -> inner.declare(n, fresh(n)));
    Scope bodyScope = open(inner, List.of(), ev.body().exprs(), false);
    Term key = ev.key() == null ? null : term(ev.key(), bodyScope);
    Term value = term(ev.value(), bodyScope);
    Body body = body(ev.body(), bodyScope);
    localsByBody.get(body).addAll(inner.local().values());
    return new Expr.Every(key, value, domain, body);
  }

  private Expr.With with(Expr.With w, Scope scope) {
    Term target = withTarget(w.target());
    Term value;
    if (namesFunction(w.value()) || isUserFunction(w.value())) {
      value = functionOperator(w.value(), w.value().loc());
    } else {
      value = term(w.value(), scope);
    }
    return new Expr.With(target, value, w.loc());
  }

  private boolean isUserFunction(Term t) {
    Term.Ref r = resolvedFunctionRef(t);
    return r != null && pkg.functionPaths().contains(pathKey(r));
  }

  private Term withTarget(Term t) {
    String name = t instanceof Term.Var v ? v.name() : t instanceof Term.Ref r ? r.dottedName() : null;
    if (t instanceof Term.Var v && (v.name().equals("input") || v.name().equals("data"))) {
      return new Term.Ref(v, List.of(), v.loc());
    }
    if (t instanceof Term.Ref r && r.head() instanceof Term.Var v
        && (v.name().equals("input") || v.name().equals("data"))) {
      return r;
    }
    if (name != null) {
      return functionOperator(t, t.loc());
    }
    errors.add(CompileErrors.TYPE, t.loc(), "with keyword target must reference existing input, data, or a function");
    return t;
  }

  Term term(Term t, Scope scope) {
    if (t instanceof Term.Var v) {
      return resolveVar(v, scope);
    } else if (t instanceof Term.Ref r) {
      return ref(r, scope);
    } else if (t instanceof Term.ArrayTerm a) {
      return ConstantFolder.fold(new Term.ArrayTerm(terms(a.items(), scope), a.loc()));
    } else if (t instanceof Term.SetTerm s) {
      return ConstantFolder.fold(new Term.SetTerm(terms(s.items(), scope), s.loc()));
    } else if (t instanceof Term.ObjectTerm o) {
      return ConstantFolder.fold(new Term.ObjectTerm(terms(o.keys(), scope), terms(o.values(), scope), o.loc()));
    } else if (t instanceof Term.Call c) {
      return call(c, scope);
    } else if (t instanceof Term.ArrayCompr ac) {
      Scope inner = open(scope, List.of(ac.head()), ac.body().exprs(), false);
      return new Term.ArrayCompr(term(ac.head(), inner), body(ac.body(), inner), ac.loc());
    } else if (t instanceof Term.SetCompr sc) {
      Scope inner = open(scope, List.of(sc.head()), sc.body().exprs(), false);
      return new Term.SetCompr(term(sc.head(), inner), body(sc.body(), inner), sc.loc());
    } else if (t instanceof Term.ObjectCompr oc) {
      Scope inner = open(scope, List.of(oc.key(), oc.value()), oc.body().exprs(), false);
      return new Term.ObjectCompr(term(oc.key(), inner), term(oc.value(), inner), body(oc.body(), inner), oc.loc());
    } else if (t instanceof Term.Template tpl) {
      List<Expr> exprs = new ArrayList<>();
      tpl.exprs().forEach(e -> exprs.add(expr(e, scope)));
      return new Term.Template(tpl.parts(), List.copyOf(exprs), tpl.loc());
    } else if (t instanceof Term.Scalar s) {
      return s;
    } else {
      throw new IllegalStateException("unexpected " + t);
    }
  }

  private List<Term> terms(List<Term> in, Scope scope) {
    List<Term> out = new ArrayList<>(in.size());
    in.forEach(t -> out.add(term(t, scope)));
    return List.copyOf(out);
  }

  private Term resolveVar(Term.Var v, Scope scope) {
    String local = scope.lookup(v.name());
    if (local != null) {
      return new Term.Var(local, v.loc());
    }
    if (v.name().equals("data") || v.name().equals("input")) {
      return new Term.Ref(v, List.of(), v.loc());
    }
    Term.Ref imp = pkg.imports().get(v.name());
    if (imp != null) {
      return new Term.Ref(imp.head(), imp.path(), v.loc());
    }
    if (pkg.ruleNames().contains(v.name())) {
      return packageRef(List.of(new Term.Scalar(StringValue.of(v.name()), v.loc())), v.loc());
    }
    return v;
  }

  private Term.Ref packageRef(List<Term> rest, Location loc) { return names.packageRef(rest, loc); }

  private Term ref(Term.Ref r, Scope scope) {
    Term head = term(r.head(), scope);
    List<Term> path = terms(r.path(), scope);
    if (head instanceof Term.Ref hr) {
      List<Term> full = new ArrayList<>(hr.path());
      full.addAll(path);
      return new Term.Ref(hr.head(), List.copyOf(full), r.loc());
    }
    return new Term.Ref(head, path, r.loc());
  }

  private Term call(Term.Call c, Scope scope) {
    List<Term> args = terms(c.args(), scope);
    Term op = c.operator();
    if (op instanceof Term.Var v && (v.name().equals(EQ) || v.name().equals(ASSIGN))) {
      return new Term.Call(op, args, c.loc());
    }
    Term resolved = functionOperator(op, c.loc());
    if (resolved instanceof Term.Var mv && args.isEmpty()) {
      // annotations are known at compile time: the calls become constants of the enclosing rule
      if (mv.name().equals(MetadataIndex.RULE_FN)) {
        return new Term.Scalar(ruleMetadata, c.loc());
      }
      if (mv.name().equals(MetadataIndex.CHAIN_FN)) {
        return new Term.Scalar(chainMetadata, c.loc());
      }
    }
    if (resolved instanceof Term.Ref fr && pkg.functionArities().containsKey(pathKey(fr))) {
      int arity = pkg.functionArities().get(pathKey(fr));
      if (args.size() != arity && args.size() != arity + 1) {
        errors.add(CompileErrors.TYPE, c.loc(), pathKey(fr) + ": arity mismatch: expected " + arity
            + " arguments, got " + args.size());
      }
    }
    if (resolved instanceof Term.Var bv) {
      Optional<Builtin> b = builtins.get(bv.name());
      if (b.isPresent() && !bv.name().equals(PRINT)) {
        int arity = b.get().arity();
        if (args.size() != arity && args.size() != arity + 1) {
          errors.add(CompileErrors.TYPE, c.loc(), bv.name() + ": arity mismatch: expected " + arity
              + " arguments, got " + args.size());
        }
      }
    }
    return new Term.Call(resolved, args, c.loc());
  }

  private Term functionOperator(Term op, Location loc) { return names.functionOperator(op, loc); }

  private Term.Ref resolvedFunctionRef(Term op) { return names.resolvedFunctionRef(op); }

  /** "data.a.b" for a ground ref. */
  static String pathKey(Term.Ref r) { return FunctionNames.pathKey(r); }
}
