package com.aibang.egress.policyctl;

import com.aibang.egress.rego.eval.QueryResult;
import com.aibang.egress.rego.value.BooleanValue;
import com.aibang.egress.rego.value.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The solutions of an eval query in `opa eval`'s result-set shape, written as JSON or "pretty". */
final class ResultSet {
  /** One solution: the expressions' values (in query order) and the user's variables. */
  private record Solution(List<Map<String, Object>> expressions, Map<String, Value> bindings,
      List<Value> values) {}

  private final List<Solution> solutions;

  private ResultSet(List<Solution> solutions) { this.solutions = solutions; }

  boolean isEmpty() { return solutions.isEmpty(); }

  /** exprs null: the query ran as written, so every expression's value is true (no value variables). */
  static ResultSet of(QueryResult result, QueryExpressions exprs, String query) {
    List<QueryExpressions.Expression> list = exprs != null ? exprs.expressions()
        : List.of(new QueryExpressions.Expression(query.strip(), 1, 1, null));
    List<Solution> out = new ArrayList<>();
    for (Map<String, Value> row : result.rows()) {
      List<Map<String, Object>> expressions = new ArrayList<>();
      List<Value> values = new ArrayList<>();
      for (QueryExpressions.Expression e : list) {
        // like opa eval, a value expression's value is captured and shown even when it is false
        Value v = e.variable() == null ? BooleanValue.TRUE : row.getOrDefault(e.variable(), BooleanValue.TRUE);
        if (e.variable() != null) {
          values.add(v);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("value", v);
        m.put("text", e.text());
        Map<String, Object> location = new LinkedHashMap<>();
        location.put("row", e.row());
        location.put("col", e.col());
        m.put("location", location);
        expressions.add(m);
      }
      Map<String, Value> bindings = new LinkedHashMap<>();
      row.forEach((k, v) -> {
        if (!k.startsWith(QueryExpressions.VAR_PREFIX) && !k.startsWith("$")) {
          bindings.put(k, v);
        }
      });
      out.add(new Solution(expressions, bindings, values));
    }
    return new ResultSet(out);
  }

  String json() {
    if (solutions.isEmpty()) {
      return "{}";
    }
    List<Object> result = new ArrayList<>();
    for (Solution s : solutions) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("expressions", s.expressions());
      if (!s.bindings().isEmpty()) {
        m.put("bindings", s.bindings());
      }
      result.add(m);
    }
    return JsonText.pretty(Map.of("result", result));
  }

  String pretty() {
    if (solutions.isEmpty()) {
      return "undefined";
    }
    StringBuilder sb = new StringBuilder();
    for (Solution s : solutions) {
      if (sb.length() > 0) {
        sb.append("\n\n");
      }
      List<String> parts = new ArrayList<>();
      s.bindings().forEach((k, v) -> parts.add(k + " = " + JsonText.pretty(v)));
      s.values().forEach(v -> parts.add(JsonText.pretty(v)));
      sb.append(parts.isEmpty() ? "true" : String.join("\n", parts));
    }
    return sb.toString();
  }
}
