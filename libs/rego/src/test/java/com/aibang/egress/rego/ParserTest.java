package com.aibang.egress.rego;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.rego.ast.Expr;
import com.aibang.egress.rego.ast.Module;
import com.aibang.egress.rego.ast.Rule;
import com.aibang.egress.rego.ast.Term;
import com.aibang.egress.rego.parser.ParseException;
import com.aibang.egress.rego.parser.Parser;
import org.junit.jupiter.api.Test;

/** AST shapes produced by the parser. */
class ParserTest {
  private static Module parse(String src) { return Parser.parseModule("m.rego", src); }

  private static Term.Call call(Expr e) {
    return (Term.Call) ((Expr.TermExpr) e.kind()).term();
  }

  private static String op(Term t) { return ((Term.Var) ((Term.Call) t).operator()).name(); }

  @Test
  void ruleKindsAndRefHeads() {
    Module m = parse("""
        package a.b
        import data.lib.util as u
        default allow := false
        s contains x if some x in [1]
        p[k].v := 1 if k := "x"
        f(x, y) := x + y
        """);
    assertEquals("data.a.b", m.packageRef().dottedName());
    assertEquals("u", m.imports().get(0).alias());
    Rule def = m.rules().get(0);
    assertTrue(def.isDefault());
    assertEquals(Rule.Kind.SINGLE, def.kind());
    assertEquals(Rule.Kind.MULTI, m.rules().get(1).kind());
    Rule refHead = m.rules().get(2);
    assertEquals(5, refHead.ref().path().size(), "a, b, p, k, v");
    assertInstanceOf(Term.Var.class, refHead.ref().path().get(3));
    Rule fn = m.rules().get(3);
    assertEquals(Rule.Kind.FUNCTION, fn.kind());
    assertEquals(2, fn.args().size());
    assertEquals(6, fn.loc().line());
  }

  @Test
  void elseChains() {
    Rule r = parse("package t\nx := 1 if false else := 2 if false else := 3\n").rules().get(0);
    assertNotNull(r.elseRule());
    assertNotNull(r.elseRule().elseRule());
    assertNull(r.elseRule().elseRule().elseRule());
  }

  @Test
  void operatorPrecedence() {
    Expr e = parse("package t\np if 1 + 2 * 3 == 7\n").rules().get(0).body().exprs().get(0);
    Term.Call eq = call(e);
    assertEquals("equal", op(eq));
    Term.Call plus = (Term.Call) eq.args().get(0);
    assertEquals("plus", op(plus));
    assertEquals("mul", op(plus.args().get(1)));
    Expr in = parse("package t\np if 1 in {1} | {2}\n").rules().get(0).body().exprs().get(0);
    assertEquals("internal.member_2", op(call(in)));
    assertEquals("or", op(call(in).args().get(1)));
  }

  @Test
  void refsNeedAdjacentBrackets() {
    Expr e = parse("package t\np if x := input.a[0].b\n").rules().get(0).body().exprs().get(0);
    Term.Ref ref = (Term.Ref) call(e).args().get(1);
    assertEquals(3, ref.path().size());
    assertThrows(ParseException.class, () -> parse("package t\np if { x := input.a [0] }\n"));
  }

  @Test
  void comprehensionsSomeEveryWith() {
    Module m = parse("""
        package t
        p if {
          xs := [x | some x in input.l; x > 1]
          every k, v in {"a": 1} { v > 0 }
          not q with input as {}
        }
        """);
    var exprs = m.rules().get(0).body().exprs();
    assertInstanceOf(Term.ArrayCompr.class, call(exprs.get(0)).args().get(1));
    Expr.Every every = (Expr.Every) exprs.get(1).kind();
    assertNotNull(every.key());
    assertTrue(exprs.get(2).negated());
    assertEquals(1, exprs.get(2).withs().size());
  }

  @Test
  void wildcardsAreDistinct() {
    Expr e = parse("package t\np if input.a[_] == input.b[_]\n").rules().get(0).body().exprs().get(0);
    Term.Call eq = call(e);
    String w1 = ((Term.Var) ((Term.Ref) eq.args().get(0)).path().get(1)).name();
    String w2 = ((Term.Var) ((Term.Ref) eq.args().get(1)).path().get(1)).name();
    assertTrue(!w1.equals(w2), w1 + " vs " + w2);
  }
}
