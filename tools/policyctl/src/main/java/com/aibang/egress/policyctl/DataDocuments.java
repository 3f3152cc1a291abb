package com.aibang.egress.policyctl;

import com.aibang.egress.rego.value.JavaValues;
import com.aibang.egress.rego.value.JsonCodec;
import com.aibang.egress.rego.value.Value;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/** Parses JSON or YAML documents (data files, input files) into interpreter values. */
final class DataDocuments {
  private DataDocuments() {}

  static boolean isYaml(String name) { return name.endsWith(".yaml") || name.endsWith(".yml"); }

  static boolean isDataFile(String name) { return name.endsWith(".json") || isYaml(name); }

  /** Standard input may be JSON or YAML: JSON first (exact numbers), else YAML. */
  static Value parseEither(String name, String text) throws PolicyLoader.LoadException {
    try {
      return JsonCodec.parse(text);
    } catch (IllegalArgumentException notJson) {
      return parse(name + ".yaml", text);
    }
  }

  /** Parses text as YAML when the name says so, else as JSON; errors name the file. */
  static Value parse(String name, String text) throws PolicyLoader.LoadException {
    try {
      if (isYaml(name)) {
        Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        return JavaValues.fromJava(tree);
      }
      return JsonCodec.parse(text);
    } catch (YAMLException | IllegalArgumentException e) {
      throw new PolicyLoader.LoadException(name + ": invalid " + (isYaml(name) ? "YAML" : "JSON") + ": "
          + firstLine(e.getMessage()));
    } catch (RuntimeException e) {
      throw new PolicyLoader.LoadException(name + ": invalid document: " + firstLine(e.getMessage()));
    }
  }

  /** A data file must hold an object (its keys become paths under data). */
  @SuppressWarnings("unchecked")
  static Map<String, Object> parseObject(String name, String text) throws PolicyLoader.LoadException {
    Object tree = JavaValues.toJava(parse(name, text));
    if (tree == null) {
      return Map.of();
    }
    if (!(tree instanceof Map<?, ?>)) {
      throw new PolicyLoader.LoadException(name + ": a data file must contain an object at the top level");
    }
    return (Map<String, Object>) tree;
  }

  private static String firstLine(String s) { return s == null ? "" : s.split("\n")[0]; }
}
