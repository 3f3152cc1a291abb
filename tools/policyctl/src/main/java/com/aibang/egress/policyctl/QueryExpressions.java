package com.aibang.egress.policyctl;

import com.aibang.egress.rego.ast.Body;
import com.aibang.egress.rego.ast.Expr;
import com.aibang.egress.rego.ast.Term;
import com.aibang.egress.rego.parser.ParseException;
import com.aibang.egress.rego.parser.Parser;
import java.util.ArrayList;
import java.util.List;

/**
 * The expressions of an eval query, like `opa eval` reports them: each with its text and position,
 * and, for value expressions (a ref, call or other term, not an assignment or comparison), a result
 * variable so the value shows up in the output. {@link #rewritten()} is the query with those
 * variables (`__policyctl_exprN__ = <expression>`).
 */
final class QueryExpressions {
  static final String VAR_PREFIX = "__policyctl_expr";
  private static final List<String> TRUE_VALUED = List.of("assign", "eq", "equal", "neq", "lt", "lte", "gt", "gte");

  /** One top-level expression: text, 1-based row/col, and its result variable (null: value is true). */
  record Expression(String text, int row, int col, String variable) {}

  private final List<Expression> expressions;
  private final String rewritten;

  private QueryExpressions(List<Expression> expressions, String rewritten) {
    this.expressions = expressions;
    this.rewritten = rewritten;
  }

  List<Expression> expressions() { return expressions; }

  String rewritten() { return rewritten; }

  /** Splits the query; null when it does not parse or has comments (then it is run as written). */
  static QueryExpressions of(String query) {
    if (query.indexOf('#') >= 0) {
      return null;
    }
    Body body;
    try {
      body = Parser.parseQuery("query", query);
    } catch (ParseException e) {
      return null;
    }
    int[] lineStarts = lineStarts(query);
    List<Expression> out = new ArrayList<>();
    StringBuilder rewritten = new StringBuilder();
    List<Expr> exprs = body.exprs();
    for (int i = 0; i < exprs.size(); i++) {
      Expr e = exprs.get(i);
      int start = lineStarts[e.loc().line() - 1] + e.loc().col() - 1;
      int end = i + 1 < exprs.size()
          ? lineStarts[exprs.get(i + 1).loc().line() - 1] + exprs.get(i + 1).loc().col() - 1
          : query.length();
      String text = trimSeparators(query.substring(start, end));
      String var = hasValue(e) ? VAR_PREFIX + i + "__" : null;
      out.add(new Expression(text, e.loc().line(), e.loc().col(), var));
      rewritten.append(i > 0 ? "; " : "").append(var == null ? text : var + " = " + text);
    }
    return new QueryExpressions(List.copyOf(out), rewritten.toString());
  }

  private static boolean hasValue(Expr e) {
    if (e.negated() || !(e.kind() instanceof Expr.TermExpr te)) {
      return false;
    }
    return !(te.term() instanceof Term.Call c && c.operator() instanceof Term.Var v && TRUE_VALUED.contains(v.name()));
  }

  private static String trimSeparators(String s) {
    String t = s.strip();
    while (t.endsWith(";")) {
      t = t.substring(0, t.length() - 1).strip();
    }
    return t;
  }

  private static int[] lineStarts(String s) {
    List<Integer> starts = new ArrayList<>(List.of(0));
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '\n') {
        starts.add(i + 1);
      }
    }
    return starts.stream().mapToInt(Integer::intValue).toArray();
  }
}
