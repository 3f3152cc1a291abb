package com.aibang.egress.rego.ast;

import java.util.List;

/** One literal of a body: possibly negated, with optional with-modifiers. */
public record Expr(boolean negated, Kind kind, List<With> withs, Location loc) {

  /** What the expression does. */
  public sealed interface Kind {}

  /** A term evaluated for truth (calls, including =, :=, ==, comparisons). */
  public record TermExpr(Term term) implements Kind {}

  /** `some x, y` declarations. */
  public record SomeDecl(List<Term.Var> vars) implements Kind {}

  /** `some [key,] value in collection`. key may be null. */
  public record SomeIn(Term key, Term value, Term collection) implements Kind {}

  /** `every [key,] value in domain { body }`. key may be null. */
  public record Every(Term key, Term value, Term domain, Body body) implements Kind {}

  /** `{ body }` used as an operand of and/or/not: holds once when the body has a solution. */
  public record Group(Body body) implements Kind {}

  /** Experimental `a and b` / `a or b`: holds once when all / any operands hold; operands are Groups or Logics. */
  public record Logic(boolean or, List<Expr> operands) implements Kind {}

  /** `with target as value`. */
  public record With(Term target, Term value, Location loc) {}

  public Expr withKind(Kind k) { return new Expr(negated, k, withs, loc); }
}
