package com.aibang.egress.rego.compiler;

import com.aibang.egress.rego.ast.Location;
import com.aibang.egress.rego.ast.Term;
import com.aibang.egress.rego.builtins.BuiltinRegistry;
import com.aibang.egress.rego.value.StringValue;
import java.util.ArrayList;
import java.util.List;

/** Resolves function names in one package: builtins stay Vars, user functions become data refs. */
final class FunctionNames {
  private final PackageInfo pkg;
  private final BuiltinRegistry builtins;
  private final CompileErrors errors;

  FunctionNames(PackageInfo pkg, BuiltinRegistry builtins, CompileErrors errors) {
    this.pkg = pkg;
    this.builtins = builtins;
    this.errors = errors;
  }

  /** Resolves a function name to a Var (builtin) or a data Ref (user function); reports unknown names. */
  Term functionOperator(Term op, Location loc) {
    Term.Ref user = resolvedFunctionRef(op);
    if (user != null && pkg.functionPaths().contains(pathKey(user))) {
      return user;
    }
    String name = op instanceof Term.Var v ? v.name() : op instanceof Term.Ref r ? r.dottedName() : null;
    if (name != null && builtins.get(name).isPresent()) {
      return new Term.Var(name, op.loc());
    }
    if (user != null && pkg.functionPaths().stream().anyMatch(p -> p.startsWith(pathKey(user) + "."))) {
      return user;
    }
    String shown = name != null ? name : user != null ? pathKey(user) : "call";
    errors.add(CompileErrors.TYPE, loc, "undefined function " + shown);
    return op;
  }

  /** The data ref a function name would denote (package-local, imported or absolute), or null. */
  Term.Ref resolvedFunctionRef(Term op) {
    Term.Var head;
    List<Term> rest;
    if (op instanceof Term.Var v) {
      head = v;
      rest = List.of();
    } else if (op instanceof Term.Ref r && r.head() instanceof Term.Var v) {
      head = v;
      rest = r.path();
    } else {
      return null;
    }
    if (head.name().equals("data")) {
      return new Term.Ref(head, rest, op.loc());
    }
    Term.Ref imp = pkg.imports().get(head.name());
    if (imp != null) {
      List<Term> full = new ArrayList<>(imp.path());
      full.addAll(rest);
      return new Term.Ref(imp.head(), List.copyOf(full), op.loc());
    }
    List<Term> local = new ArrayList<>();
    local.add(new Term.Scalar(StringValue.of(head.name()), op.loc()));
    local.addAll(rest);
    return packageRef(local, op.loc());
  }

  /** "data.a.b" for a ground ref. */
  static String pathKey(Term.Ref r) {
    StringBuilder sb = new StringBuilder(r.head() instanceof Term.Var v ? v.name() : "?");
    for (Term t : r.path()) {
      sb.append('.').append(t instanceof Term.Scalar s && s.value() instanceof StringValue str ? str.value() : "?");
    }
    return sb.toString();
  }

  Term.Ref packageRef(List<Term> rest, Location loc) {
    List<Term> path = new ArrayList<>();
    pkg.packagePath().forEach(s -> path.add(new Term.Scalar(StringValue.of(s), loc)));
    path.addAll(rest);
    return new Term.Ref(new Term.Var("data", loc), List.copyOf(path), loc);
  }
}
