package com.aibang.egress.rego.compiler;

import com.aibang.egress.rego.ast.Body;
import com.aibang.egress.rego.ast.Rule;
import com.aibang.egress.rego.ast.Term;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Rewrites one rule (head, body and else chain) and orders its bodies. */
final class RuleCompiler {
  private final VarRewriter rw;
  private final SafetyOrderer orderer;

  RuleCompiler(VarRewriter rw, SafetyOrderer orderer) {
    this.rw = rw;
    this.orderer = orderer;
  }

  Rule compile(Rule r) {
    List<Term> args = r.args() == null ? List.of() : r.args();
    Scope argScope = rw.openArgs(args);
    List<Term> newArgs = r.args() == null ? null : terms(args, argScope);
    Set<String> bound = new HashSet<>();
    if (newArgs != null) {
      newArgs.forEach(a -> vars(a, bound));
    }
    List<Term> headTerms = new ArrayList<>(r.ref().path());
    if (r.key() != null) {
      headTerms.add(r.key());
    }
    if (r.value() != null) {
      headTerms.add(r.value());
    }
    Scope scope = rw.open(argScope, headTerms, r.body().exprs(), true);
    Term.Ref ref = new Term.Ref(r.ref().head(), terms(r.ref().path(), scope), r.ref().loc());
    Term key = r.key() == null ? null : rw.term(r.key(), scope);
    Term value = r.value() == null ? null : rw.term(r.value(), scope);
    Body body = orderer.order(rw.body(r.body(), scope), bound);
    Rule elseRule = compileElse(r.elseRule(), argScope, bound);
    return new Rule(r.kind(), ref, newArgs, key, value, r.isDefault(), body, elseRule, r.loc());
  }

  private Rule compileElse(Rule e, Scope argScope, Set<String> bound) {
    if (e == null) {
      return null;
    }
    List<Term> head = e.value() == null ? List.of() : List.of(e.value());
    Scope scope = rw.open(argScope, head, e.body().exprs(), true);
    Term value = e.value() == null ? null : rw.term(e.value(), scope);
    Body body = orderer.order(rw.body(e.body(), scope), bound);
    return new Rule(e.kind(), null, null, null, value, false, body, compileElse(e.elseRule(), argScope, bound),
        e.loc());
  }

  private List<Term> terms(List<Term> in, Scope scope) {
    List<Term> out = new ArrayList<>();
    in.forEach(t -> out.add(rw.term(t, scope)));
    return List.copyOf(out);
  }

  private static void vars(Term t, Set<String> out) {
    if (t instanceof Term.Var v) {
      out.add(v.name());
    } else if (t instanceof Term.ArrayTerm a) {
      a.items().forEach(x -> vars(x, out));
    } else if (t instanceof Term.ObjectTerm o) {
      o.values().forEach(x -> vars(x, out));
    } else if (t instanceof Term.SetTerm s) {
      s.items().forEach(x -> vars(x, out));
    }
  }
}
