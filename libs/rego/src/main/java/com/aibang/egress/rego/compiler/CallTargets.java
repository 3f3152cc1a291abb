package com.aibang.egress.rego.compiler;

import com.aibang.egress.rego.ast.Term;
import com.aibang.egress.rego.builtins.Builtin;
import com.aibang.egress.rego.builtins.BuiltinRegistry;
import java.util.Map;

/**
 * What each call term of a compiled policy calls (builtin, user function or print), resolved on
 * first evaluation and then shared by every query: saves the name building and the map lookups a
 * call would otherwise repeat each time it runs. The resolution is kept on the call term itself
 * ({@link com.aibang.egress.rego.ast.Resolution}): no map lookup per call, and it goes away with the term.
 */
public final class CallTargets {
  /**
   * Resolution of one call term. function: node holds the user function; builtin: null for functions and print;
   * userFunction: the name is a declared user function (decided here so a call needs no map lookup).
   */
  public record Target(String name, boolean print, RuleNode function, Builtin builtin, int arity,
      boolean userFunction) {
    /** True when the call passes one more argument than the callee takes (its result is unified with it). */
    public boolean hasOutputArg(int argCount) {
      return !print && argCount == arity + 1;
    }
  }

  private final RuleNode root;
  private final BuiltinRegistry builtins;
  private final Map<String, Integer> functionArities;

  CallTargets(RuleNode root, BuiltinRegistry builtins, Map<String, Integer> functionArities) {
    this.root = root;
    this.builtins = builtins;
    this.functionArities = functionArities;
  }

  /** The target of c; an unknown name resolves to a target with neither function nor builtin. */
  public Target of(Term.Call c) {
    Object known = c.resolution().get(this);
    if (known != null) {
      return (Target) known;
    }
    Target t = resolve(c);
    c.resolution().set(this, t);
    return t;
  }

  /** The target of a call by name (a `with` replacement names its function this way). */
  public Target byName(String name, int argCount) {
    if (name.equals("print")) {
      return new Target(name, true, null, null, -1, false);
    }
    Integer arity = functionArities.get(name);
    if (arity != null) {
      return new Target(name, false, root.descendant(name.substring("data.".length())), null, arity, true);
    }
    Builtin b = builtins.find(name);
    return new Target(name, false, null, b, b == null ? argCount : b.arity(), false);
  }

  private Target resolve(Term.Call c) {
    return byName(nameOf(c.operator()), c.args().size());
  }

  /** "net.cidr_contains" for a builtin operator, "data.pkg.f" for a user function ref. */
  public static String nameOf(Term op) {
    if (op instanceof Term.Var v) {
      return v.name();
    }
    Term.Ref r = (Term.Ref) op;
    StringBuilder sb = new StringBuilder(((Term.Var) r.head()).name());
    for (Term t : r.path()) {
      sb.append('.').append(t instanceof Term.Scalar sc
          && sc.value() instanceof com.aibang.egress.rego.value.StringValue str ? str.value() : "?");
    }
    return sb.toString();
  }
}
