package com.aibang.egress.rego;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.rego.value.JsonCodec;
import com.aibang.egress.rego.value.ObjectValue;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Experimental `and` / `or` keywords: only with the compile option, `not` binds tightest, then and, then or. */
class LogicKeywordsTest {
  private static final String MODULE = """
      package t
      import future.keywords.and
      import future.keywords.or
      p if input.a and input.b or input.c
      q if not input.a or { x := 1; x > 0 } and input.b
      n := [1 | input.a or input.b]
      """;

  private static RegoPolicy compile() {
    return RegoPolicy.compileValue(List.of(new SourceFile("t.rego", MODULE)), ObjectValue.EMPTY, true);
  }

  private static String eval(String ref, String input) {
    return RegoFixture.eval(compile(), ref, input);
  }

  @Test
  void precedenceAndSingleResult() {
    assertEquals("true", eval("data.t.p", "{\"a\":false,\"b\":true,\"c\":true}"));
    assertEquals("undefined", eval("data.t.p", "{\"a\":true,\"b\":false,\"c\":false}"));
    assertEquals("true", eval("data.t.q", "{\"a\":true,\"b\":true}"));
    assertEquals("undefined", eval("data.t.q", "{\"a\":true,\"b\":false}"));
    assertEquals("[1]", eval("data.t.n", "{\"a\":true,\"b\":true}"));
  }

  @Test
  void disabledByDefault() {
    RegoException e = assertThrows(RegoException.class,
        () -> RegoPolicy.compile(List.of(new SourceFile("t.rego", MODULE)), null));
    assertTrue(e.getMessage().contains("experimental keyword and is not enabled"), e.getMessage());
    assertEquals("rego_parse_error", e.code());
    JsonCodec.parse("{}");
  }
}
