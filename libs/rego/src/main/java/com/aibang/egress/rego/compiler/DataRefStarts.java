package com.aibang.egress.rego.compiler;

import com.aibang.egress.rego.ast.Term;
import com.aibang.egress.rego.value.NumberValue;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.SetValue;
import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the walk of a `data.a.b...` reference gets through its leading constant path elements,
 * resolved once per reference and shared by every query (when no `with data` override applies):
 * the rule-tree node reached, or, below the rules, the base data value reached. Saves the
 * rule-tree map lookups and the walk of the base data from its root on each evaluation. Each start is
 * kept on the reference term
 * ({@link com.aibang.egress.rego.ast.Resolution}), so a walk starts without a map lookup.
 */
public final class DataRefStarts {
  /**
   * The walk state after the constant elements before index. belowRules: the walk left the rule
   * tree; base is then the base data value there (null = undefined). Otherwise node (never null)
   * at prefix, whose element at index (if any) still has to be walked.
   */
  public record Start(RuleNode node, List<String> prefix, int index, boolean belowRules, Value base) {}

  private final RuleNode root;
  private final Value data;

  DataRefStarts(RuleNode root, Value data) {
    this.root = root;
    this.data = data;
  }

  /** The start for a reference rooted at data. */
  public Start of(Term.Ref ref) {
    Object known = ref.resolution().get(this);
    if (known != null) {
      return (Start) known;
    }
    Start st = resolve(ref.path());
    ref.resolution().set(this, st);
    return st;
  }

  private Start resolve(List<Term> path) {
    RuleNode node = root;
    List<String> prefix = root.path();
    for (int i = 0; ; i++) {
      if (node == null) {
        return new Start(null, prefix, i, true, baseAt(prefix));
      }
      if (i == path.size() || !node.rules().isEmpty() || !(path.get(i) instanceof Term.Scalar sc)) {
        return new Start(node, prefix, i, false, null);
      }
      Value key = sc.value();
      String name = key instanceof StringValue str ? str.value()
          : key instanceof NumberValue n && n.isInteger() ? n.toString() : null;
      if (name == null) {
        return new Start(node, prefix, i, false, null);
      }
      RuleNode child = node.child(name);
      if (child != null) {
        prefix = child.path();
      } else {
        List<String> next = new ArrayList<>(prefix.size() + 1);
        next.addAll(prefix);
        next.add(name);
        prefix = List.copyOf(next);
      }
      node = child;
    }
  }

  /** Base data at prefix (string keys), as the evaluator's own walk finds it; null when undefined. */
  private Value baseAt(List<String> prefix) {
    Value v = data;
    for (String seg : prefix) {
      StringValue key = StringValue.of(seg);
      if (v instanceof ObjectValue o) {
        v = o.get(key);
      } else if (v instanceof SetValue set) {
        v = set.contains(key) ? key : null;
      } else {
        v = null; // arrays have no string keys; scalars no members
      }
      if (v == null) {
        return null;
      }
    }
    return v;
  }
}
