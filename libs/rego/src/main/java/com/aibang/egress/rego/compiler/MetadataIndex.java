package com.aibang.egress.rego.compiler;

import com.aibang.egress.rego.ast.Module;
import com.aibang.egress.rego.ast.Rule;
import com.aibang.egress.rego.ast.Term;
import com.aibang.egress.rego.value.ArrayValue;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** METADATA annotations of all modules, answering rego.metadata.rule() and rego.metadata.chain() per rule. */
final class MetadataIndex {
  static final String RULE_FN = "rego.metadata.rule";
  static final String CHAIN_FN = "rego.metadata.chain";

  private final Map<List<String>, ObjectValue> packages = new HashMap<>();
  private final Map<List<String>, ObjectValue> subpackages = new HashMap<>();
  private final Map<List<String>, ObjectValue> documents = new HashMap<>();
  private final Map<Rule, ObjectValue> rules = new IdentityHashMap<>();

  MetadataIndex(List<Module> modules) {
    for (Module m : modules) {
      for (Module.Annotation a : m.annotations()) {
        if (a.ruleIndex() < 0) {
          (a.scope().equals("subpackages") ? subpackages : packages).put(strings(m.packageRef()), a.value());
        } else {
          Rule r = m.rules().get(a.ruleIndex());
          if (a.scope().equals("document")) {
            documents.put(strings(r.ref()), a.value());
          } else {
            rules.put(r, a.value());
          }
        }
      }
    }
  }

  /** Annotations of the rule itself ({} when it has none). */
  Value rule(Rule r) {
    ObjectValue v = rules.get(r);
    return v != null ? v : ObjectValue.EMPTY;
  }

  /** The rule's entry, its document, its package and enclosing subpackages, innermost first. */
  Value chain(Rule r, Term.Ref packageRef) {
    List<Value> out = new ArrayList<>();
    List<String> path = strings(r.ref());
    out.add(entry(path, rules.get(r)));
    if (documents.containsKey(path)) {
      out.add(entry(path, documents.get(path)));
    }
    List<String> pkg = strings(packageRef);
    if (packages.containsKey(pkg)) {
      out.add(entry(pkg, packages.get(pkg)));
    }
    for (int n = pkg.size(); n >= 0; n--) {
      List<String> prefix = pkg.subList(0, n);
      if (subpackages.containsKey(prefix)) {
        out.add(entry(prefix, subpackages.get(prefix)));
      }
    }
    return ArrayValue.wrap(out);
  }

  private static Value entry(List<String> path, ObjectValue annotations) {
    List<Value> p = new ArrayList<>();
    path.forEach(s -> p.add(StringValue.of(s)));
    ObjectValue.Builder b = ObjectValue.builder().put("path", ArrayValue.wrap(p));
    if (annotations != null) {
      b.put("annotations", annotations);
    }
    return b.build();
  }

  /** Leading string segments of a data ref, without "data". */
  private static List<String> strings(Term.Ref r) {
    List<String> out = new ArrayList<>();
    for (Term t : r.path()) {
      if (!(t instanceof Term.Scalar s) || !(s.value() instanceof StringValue str)) {
        break;
      }
      out.add(str.value());
    }
    return out;
  }
}
