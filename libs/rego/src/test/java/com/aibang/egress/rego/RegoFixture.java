package com.aibang.egress.rego;

import com.aibang.egress.rego.value.JsonCodec;
import com.aibang.egress.rego.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Test helper: compiles Rego snippets and evaluates refs, comparing results as JSON text. */
final class RegoFixture {
  private RegoFixture() {}

  static RegoPolicy policy(String... modules) {
    List<SourceFile> files = new ArrayList<>();
    for (int i = 0; i < modules.length; i++) {
      files.add(new SourceFile("test-" + i + ".rego", modules[i]));
    }
    return RegoPolicy.compile(files, null);
  }

  /** JSON text of the value of ref with the given JSON input (null = undefined input), or "undefined". */
  static String eval(RegoPolicy p, String ref, String inputJson) {
    Value input = inputJson == null ? null : JsonCodec.parse(inputJson);
    Optional<Value> v = p.evaluateValue(ref, input);
    return v.map(JsonCodec::write).orElse("undefined");
  }

  static String eval(String module, String ref) { return eval(policy(module), ref, null); }
}
