package com.aibang.egress.rego.eval;

import com.aibang.egress.rego.ast.Location;
import com.aibang.egress.rego.ast.Term;
import com.aibang.egress.rego.compiler.CompiledRule;
import com.aibang.egress.rego.compiler.DataRefStarts;
import com.aibang.egress.rego.compiler.RuleNode;
import com.aibang.egress.rego.value.NumberValue;
import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Resolves refs into data: walks the rule tree, computes virtual documents (rules merged with base
 * data and `with data` overrides) once per state, and falls back to base data below the rules.
 */
final class Documents {
  static final String RECURSION = "rego_recursion_error";

  private final Evaluator ev;
  private final RuleEvaluator rules;

  Documents(Evaluator ev) {
    this.ev = ev;
    this.rules = new RuleEvaluator(ev);
  }

  RuleEvaluator rules() { return rules; }

  boolean data(List<Term> path, EvalState s, Frame f, ValueCont k) {
    return walk(ev.policy.root(), ev.policy.root().path(), path, 0, s, f, k);
  }

  /**
   * The value of data.path[...]; null when undefined, {@link SingleValues#NOT_DIRECT} when a path
   * element is not direct. The same walk as {@link #walk} without continuations.
   */
  Value dataOne(Term.Ref ref, EvalState s, Frame f) {
    if (s.dataOverrides.isEmpty()) {
      return dataFrom(ev.policy.dataRefs().of(ref), ref, s, f);
    }
    RuleNode root = ev.policy.root();
    return walkOne(root, root.path(), ref.path(), 0, s, f);
  }

  /**
   * Like {@link #dataOne} from start, ref's leading constant elements walked once for this
   * reference (see DataRefStarts); only when no `with data` override applies.
   */
  Value dataFrom(DataRefStarts.Start start, Term.Ref ref, EvalState s, Frame f) {
    if (start.belowRules()) {
      return start.base() == null ? null : ev.single.navigate(start.base(), ref.path(), start.index(), s, f, true);
    }
    return walkOne(start.node(), start.prefix(), ref.path(), start.index(), s, f);
  }

  /** The rest of {@link #dataOne}'s walk: from at fromPrefix, path elements from index on. */
  private Value walkOne(RuleNode from, List<String> fromPrefix, List<Term> path, int index, EvalState s, Frame f) {
    RuleNode node = from;
    List<String> prefix = fromPrefix;
    for (int i = index; ; i++) {
      if (node == null || overriddenAtOrAbove(prefix, s)) {
        Value base = baseDataAt(prefix, s);
        return base == null ? null : ev.single.navigate(base, path, i, s, f, true);
      }
      if (i == path.size() || !node.rules().isEmpty()) {
        Value doc = documentAt(prefix, node, s);
        return doc == null ? null : ev.single.navigate(doc, path, i, s, f, false);
      }
      Value key = path.get(i) instanceof Term.Scalar sc ? sc.value() : ev.single.one(path.get(i), s, f);
      if (key == null || key == SingleValues.NOT_DIRECT) {
        return key;
      }
      String name = key instanceof StringValue str ? str.value()
          : key instanceof NumberValue n && n.isInteger() ? n.toString() : null;
      if (name == null) {
        Value base = baseDataAt(prefix, s);
        Value child = base == null ? null : Terms.child(base, key);
        return child == null ? null : ev.single.navigate(child, path, i + 1, s, f, true);
      }
      RuleNode child = node.child(name);
      if (child != null) {
        prefix = child.path();
      } else {
        List<String> next = new ArrayList<>(prefix.size() + 1);
        next.addAll(prefix);
        next.add(name);
        prefix = next;
      }
      node = child;
    }
  }

  private boolean walk(RuleNode node, List<String> prefix, List<Term> path, int i, EvalState s, Frame f,
      ValueCont k) {
    if (node == null || overriddenAtOrAbove(prefix, s)) {
      Value base = baseDataAt(prefix, s);
      return base == null || ev.terms.navigate(base, path, i, s, f, k, true);
    }
    if (i == path.size() || !node.rules().isEmpty() || Evaluator.hasUnboundPattern(path.get(i), f)) {
      Value doc = documentAt(prefix, node, s);
      return doc == null || ev.terms.navigate(doc, path, i, s, f, k);
    }
    if (path.get(i) instanceof Term.Scalar sc) {
      return step(node, prefix, sc.value(), path, i, s, f, k);
    }
    return ev.terms.eval(path.get(i), s, f, key -> step(node, prefix, key, path, i, s, f, k));
  }

  /** Continues the walk below node (at prefix) with the value key of path element i. */
  private boolean step(RuleNode node, List<String> prefix, Value key, List<Term> path, int i, EvalState s, Frame f,
      ValueCont k) {
    String name = key instanceof StringValue str ? str.value()
        : key instanceof NumberValue n && n.isInteger() ? n.toString() : null;
    if (name != null) {
      RuleNode child = node.child(name);
      List<String> next;
      if (child != null) {
        next = child.path();
      } else {
        next = new ArrayList<>(prefix.size() + 1);
        next.addAll(prefix);
        next.add(name);
      }
      return walk(child, next, path, i + 1, s, f, k);
    }
    Value base = baseDataAt(prefix, s);
    Value child = base == null ? null : Terms.child(base, key);
    return child == null || ev.terms.navigate(child, path, i + 1, s, f, k, true);
  }

  private static boolean overriddenAtOrAbove(List<String> prefix, EvalState s) {
    if (s.dataOverrides.isEmpty()) {
      return false;
    }
    for (EvalState.DataOverride o : s.dataOverrides) {
      if (isPrefix(o.path(), prefix)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isPrefix(List<String> a, List<String> b) {
    return a.size() <= b.size() && b.subList(0, a.size()).equals(a);
  }

  /** Base data at prefix with `with data` overrides applied; null when undefined. */
  Value baseDataAt(List<String> prefix, EvalState s) {
    Value v = ev.policy.data();
    for (String seg : prefix) {
      if (v == null) {
        break;
      }
      v = Terms.child(v, StringValue.of(seg));
    }
    return applyOverrides(v, prefix, s);
  }

  private static Value applyOverrides(Value v, List<String> prefix, EvalState s) {
    if (s.dataOverrides.isEmpty()) {
      return v;
    }
    for (EvalState.DataOverride o : s.dataOverrides) {
      if (isPrefix(o.path(), prefix)) {
        Value x = o.value();
        for (String seg : prefix.subList(o.path().size(), prefix.size())) {
          x = x == null ? null : Terms.child(x, StringValue.of(seg));
        }
        v = x;
      } else if (isPrefix(prefix, o.path())) {
        v = WithModifiers.upsert(v, o.path().subList(prefix.size(), o.path().size()), 0, o.value());
      }
    }
    return v;
  }

  /** The full document at a rule-tree node (cached per state); null when undefined. */
  Value documentAt(List<String> prefix, RuleNode node, EvalState s) {
    DocumentSlots docs = s.documents;
    if (docs.has(node)) {
      return docs.cached(node);
    }
    Value v;
    if (MemoisedDocuments.applies(node, s)) {
      // a closure only the first time (every later query reads the stored document)
      v = MemoisedDocuments.get(ev, node, s,
          MemoisedDocuments.computed(ev, node) ? null : ms -> computeGuarded(prefix, node, ms));
    } else {
      v = applyOverrides(computeGuarded(prefix, node, s), prefix, s);
    }
    docs.put(node, v);
    return v;
  }

  /** Computes node's document, reporting a rule that needs its own document as recursive. */
  private Value computeGuarded(List<String> prefix, RuleNode node, EvalState s) {
    if (!s.documents.enter(node)) {
      CompiledRule r = firstRule(node);
      String name = "data." + String.join(".", prefix);
      throw new EvalException(RECURSION, r == null ? null : r.rule().loc(),
          "rule " + name + " is recursive: " + name + " -> " + name);
    }
    try {
      return compute(prefix, node, s);
    } finally {
      s.documents.leave(node);
    }
  }

  private static CompiledRule firstRule(RuleNode node) {
    return node.rules().isEmpty() ? null : node.rules().get(0);
  }

  private Value compute(List<String> prefix, RuleNode node, EvalState s) {
    List<CompiledRule> complete = node.completeRules();
    List<CompiledRule> multi = node.multiRules();
    List<CompiledRule> objects = node.objectRules();
    if (!complete.isEmpty()) {
      Value v = rules.complete(complete, node.completeEarlyExit(), s);
      if (v == null || node.children().isEmpty()) {
        return v;
      }
      return mergeChildren(ObjectTree.of(v), prefix, node, s, v);
    }
    if (!multi.isEmpty()) {
      return rules.multi(multi, s);
    }
    // only here: rule documents (every complete rule a query reads) never need the base-data walk
    Value base = baseDataAt(prefix, s);
    if (node.rules().isEmpty() && node.children().isEmpty() && !node.functions().isEmpty()) {
      return base;
    }
    ObjectTree tree = new ObjectTree();
    if (base instanceof com.aibang.egress.rego.value.ObjectValue baseObject) {
      // members that are rule-tree children are merged from the child documents (which include them)
      baseObject.entries().forEach((bk, bv) -> {
        if (!(bk instanceof StringValue str) || node.child(str.value()) == null) {
          tree.mergeAt(bk, bv, null);
        }
      });
    }
    for (CompiledRule r : objects) {
      rules.objectEntries(r, s, tree);
    }
    return mergeChildren(tree, prefix, node, s, null);
  }

  private Value mergeChildren(ObjectTree tree, List<String> prefix, RuleNode node, EvalState s, Value plain) {
    if (node.children().isEmpty()) {
      return plain != null ? plain : tree.toValue();
    }
    if (tree == null) {
      return plain;
    }
    for (Map.Entry<String, RuleNode> c : node.children().entrySet()) {
      Value child = documentAt(c.getValue().path(), c.getValue(), s);
      if (child != null) {
        tree.mergeAt(StringValue.of(c.getKey()), child, Location.NONE);
      }
    }
    return tree.toValue();
  }
}
