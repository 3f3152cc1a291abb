package com.aibang.egress.rego.compiler;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One node of the rule tree (keyed by data path segments). Frozen after compilation. */
public final class RuleNode {
  private final Map<String, RuleNode> children = new TreeMap<>();
  /** Same content as children for {@link #child}: every data ref walks the tree, hashing beats string compares. */
  private final Map<String, RuleNode> childByName = new java.util.HashMap<>();
  private final List<CompiledRule> rules = new ArrayList<>();
  private final List<CompiledRule> functions = new ArrayList<>();
  private final List<String> path;
  private final Map<String, RuleNode> childrenView = Collections.unmodifiableMap(children);
  private final List<CompiledRule> rulesView = Collections.unmodifiableList(rules);
  private final List<CompiledRule> functionsView = Collections.unmodifiableList(functions);

  // Set by freeze() once the tree is complete: the evaluator's per-document dispatch, precomputed.
  private List<CompiledRule> completeRules = List.of();
  private List<CompiledRule> multiRules = List.of();
  private List<CompiledRule> objectRules = List.of();
  private boolean completeEarlyExit;
  private boolean functionsEarlyExit;

  /** Set by the compiler's {@link DataOnlyAnalysis} before the tree is published. */
  private boolean dataOnly;

  /** Position in a depth-first numbering of the frozen tree (per-evaluation caches index arrays by it). */
  private int index;
  /** Nodes in this subtree, this one included (set by freeze()). */
  private int subtreeSize;

  /** The root node (data). */
  public RuleNode() { this(List.of()); }

  private RuleNode(List<String> path) { this.path = path; }

  RuleNode childOrCreate(String name) {
    return children.computeIfAbsent(name, k -> {
      List<String> p = new ArrayList<>(path);
      p.add(k);
      RuleNode n = new RuleNode(List.copyOf(p));
      childByName.put(k, n);
      return n;
    });
  }

  /** Lazily filled: dotted path below this node -> node (empty when absent); thread-safe. */
  private final java.util.concurrent.ConcurrentHashMap<String, java.util.Optional<RuleNode>> descendants =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** The node at a dotted path below this one ("egress.host_matches"), or null. */
  public RuleNode descendant(String dottedPath) {
    return descendants.computeIfAbsent(dottedPath, p -> {
      RuleNode n = this;
      for (String seg : p.split("\\.")) {
        n = n == null ? null : n.child(seg);
      }
      return java.util.Optional.ofNullable(n);
    }).orElse(null);
  }

  /** Segments from data to this node ([] for the root). */
  public List<String> path() { return path; }

  void add(CompiledRule r) {
    (r.kind() == com.aibang.egress.rego.ast.Rule.Kind.FUNCTION ? functions : rules).add(r);
  }

  public RuleNode child(String name) { return childByName.get(name); }

  public Map<String, RuleNode> children() { return childrenView; }

  /** Value-producing rules whose static path ends here. */
  public List<CompiledRule> rules() { return rulesView; }

  public List<CompiledRule> functions() { return functionsView; }

  void markDataOnly() { dataOnly = true; }

  /** Groups this subtree's rules by how their document is built (called once, after the last add). */
  void freeze() {
    freeze(0);
  }

  private int freeze(int firstIndex) {
    index = firstIndex;
    int next = firstIndex + 1;
    List<CompiledRule> complete = new ArrayList<>();
    List<CompiledRule> multi = new ArrayList<>();
    List<CompiledRule> objects = new ArrayList<>();
    for (CompiledRule r : rules) {
      if (!r.dynamicSuffix().isEmpty()) {
        objects.add(r);
      } else if (r.kind() == com.aibang.egress.rego.ast.Rule.Kind.MULTI) {
        multi.add(r);
      } else {
        complete.add(r);
      }
    }
    completeRules = List.copyOf(complete);
    multiRules = List.copyOf(multi);
    objectRules = List.copyOf(objects);
    completeEarlyExit = EarlyExit.applies(completeRules);
    functionsEarlyExit = EarlyExit.applies(functions);
    for (RuleNode c : children.values()) {
      next = c.freeze(next);
    }
    subtreeSize = next - firstIndex;
    return next;
  }

  /** This node's number, 0 for the root and below {@link #subtreeSize()} of the root for every node. */
  public int index() { return index; }

  /** Number of nodes in this subtree (for the root: in the whole tree). */
  public int subtreeSize() { return subtreeSize; }

  /** Complete rules (no dynamic head suffix, not `contains`), in definition order. */
  public List<CompiledRule> completeRules() { return completeRules; }

  /** Multi-value (`contains`) rules without a dynamic head suffix. */
  public List<CompiledRule> multiRules() { return multiRules; }

  /** Ref-head rules with a dynamic suffix (p[k] := v, p[a][b] contains m). */
  public List<CompiledRule> objectRules() { return objectRules; }

  /** True when evaluation of the complete rules may stop at the first value ({@link EarlyExit}). */
  public boolean completeEarlyExit() { return completeEarlyExit; }

  /** True when a call of the functions here may stop at the first value ({@link EarlyExit}). */
  public boolean functionsEarlyExit() { return functionsEarlyExit; }

  /**
   * True when this node's document depends on data alone (no input, no nondeterministic builtin,
   * no `with`, transitively): it is the same for every query against the compiled policy.
   */
  public boolean dataOnly() { return dataOnly; }

  /** True when any rule (not function) is defined at or below this node. */
  public boolean producesValues() {
    if (!rules.isEmpty()) {
      return true;
    }
    for (RuleNode c : children.values()) {
      if (c.producesValues()) {
        return true;
      }
    }
    return false;
  }
}
