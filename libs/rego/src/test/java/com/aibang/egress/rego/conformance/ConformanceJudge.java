package com.aibang.egress.rego.conformance;

import com.aibang.egress.rego.EvalOptions;
import com.aibang.egress.rego.RegoException;
import com.aibang.egress.rego.RegoPolicy;
import com.aibang.egress.rego.SourceFile;
import com.aibang.egress.rego.eval.QueryResult;
import com.aibang.egress.rego.value.ArrayValue;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.RegoText;
import com.aibang.egress.rego.value.SetValue;
import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Runs one conformance case and judges it exactly as the conformance README prescribes. */
final class ConformanceJudge {
  private static final String GENERATED_PREFIX = "__localq";

  private ConformanceJudge() {}

  /** null when the case passes, otherwise a short reason. */
  static String judge(ConformanceCase c) {
    RegoPolicy policy;
    List<SourceFile> files = new ArrayList<>();
    if (c.modules() != null) {
      for (int i = 0; i < c.modules().size(); i++) {
        files.add(new SourceFile("test-" + i + ".rego", c.modules().get(i)));
      }
    }
    try {
      policy = RegoPolicy.compileValue(files, c.data() == null ? ObjectValue.EMPTY : c.data(),
          c.experimentalKeywords());
    } catch (RegoException e) {
      return "compile error: " + e.getMessage();
    }
    Value input = c.input();
    QueryResult r;
    try {
      if (c.inputTerm() != null) {
        Optional<Value> v = policy.evaluateValue(c.inputTerm(), null);
        if (v.isEmpty()) {
          return "input_term is undefined";
        }
        input = v.get();
      }
      r = policy.queryValues(c.query(), input, new EvalOptions(c.strictError()));
    } catch (RegoException e) {
      return "query compile error: " + e.getMessage();
    }
    String errorText = r.error() == null ? null : r.error().toString();
    boolean wantsError = c.wantErrorCode() != null || c.wantError() != null;
    if (!wantsError && errorText != null) {
      return "unexpected error: " + errorText;
    }
    if (wantsError && errorText == null) {
      return "expected error " + (c.wantErrorCode() != null ? c.wantErrorCode() : "") + " '"
          + (c.wantError() != null ? c.wantError() : "") + "' but evaluation succeeded with " + r.rows().size()
          + " rows";
    }
    if (c.wantErrorCode() != null && !c.wantErrorCode().equals(r.error().code())) {
      return "error code " + r.error().code() + " != " + c.wantErrorCode() + " (" + errorText + ")";
    }
    if (c.wantError() != null && !errorText.contains(c.wantError())) {
      return "error text '" + errorText + "' does not contain '" + c.wantError() + "'";
    }
    if (c.wantResult() != null) {
      Set<Map<String, Value>> expected = new HashSet<>(c.wantResult());
      Set<Map<String, Value>> actual = new HashSet<>();
      for (Map<String, Value> row : r.rows()) {
        Map<String, Value> out = new HashMap<>();
        for (Map.Entry<String, Value> e : row.entrySet()) {
          if (c.ignoreGeneratedVars() && e.getKey().startsWith(GENERATED_PREFIX)) {
            continue;
          }
          Value v = jsonForm(e.getValue());
          if (c.sortBindings() && v instanceof ArrayValue a) {
            List<Value> items = new ArrayList<>(a.items());
            items.sort(null);
            v = ArrayValue.wrap(items);
          }
          out.put(e.getKey(), v);
        }
        actual.add(out);
      }
      if (!expected.equals(actual)) {
        return "results differ: want " + show(expected) + " got " + show(actual);
      }
    }
    return null;
  }

  private static String show(Set<Map<String, Value>> rows) {
    StringBuilder sb = new StringBuilder("[");
    for (Map<String, Value> row : rows) {
      sb.append('{');
      new TreeMap<>(row).forEach((k, v) -> sb.append(k).append('=').append(RegoText.write(v)).append(' '));
      sb.append('}');
    }
    String s = sb.append(']').toString();
    return s.length() > 400 ? s.substring(0, 400) + "..." : s;
  }

  /** JSON form: sets become arrays in canonical order, non-string keys their compact JSON text. */
  static Value jsonForm(Value v) {
    if (v instanceof SetValue s) {
      List<Value> items = new ArrayList<>();
      s.items().forEach(x -> items.add(jsonForm(x)));
      return ArrayValue.wrap(items);
    }
    if (v instanceof ArrayValue a) {
      List<Value> items = new ArrayList<>();
      a.items().forEach(x -> items.add(jsonForm(x)));
      return ArrayValue.wrap(items);
    }
    if (v instanceof ObjectValue o) {
      ObjectValue.Builder b = ObjectValue.builder();
      o.entries().forEach((k, x) -> b.put(k instanceof StringValue ? k : StringValue.of(RegoText.json(k)),
          jsonForm(x)));
      return b.build();
    }
    return v;
  }
}
