package com.aibang.egress.rego.builtins;

import static com.aibang.egress.rego.builtins.BuiltinCall.assertCall;
import static com.aibang.egress.rego.builtins.BuiltinCall.assertFails;
import static com.aibang.egress.rego.builtins.BuiltinCall.json;
import static com.aibang.egress.rego.builtins.BuiltinCall.str;

import com.aibang.egress.rego.value.JsonCodec;
import org.junit.jupiter.api.Test;

class RenderTemplateBuiltinsTest {
  private static void render(String expected, String template, String varsJson) {
    assertCall(JsonCodec.write(str(expected)), "strings.render_template", str(template), json(varsJson));
  }

  @Test
  void fieldsRangesAndConditions() {
    render("host=login.microsoft.com port=443", "host={{.dest.host}} port={{.dest.port}}",
        "{\"dest\": {\"host\": \"login.microsoft.com\", \"port\": 443}}");
    render("a,b,c", "{{range $i, $x := .items}}{{if $i}},{{end}}{{$x}}{{end}}", "{\"items\": [\"a\", \"b\", \"c\"]}");
    render("none", "{{range .items}}{{.}}{{else}}none{{end}}", "{\"items\": []}");
    render("big", "{{if gt .n 10}}big{{else if gt .n 5}}mid{{else}}small{{end}}", "{\"n\": 11}");
    render("mid", "{{if gt .n 10}}big{{else if gt .n 5}}mid{{else}}small{{end}}", "{\"n\": 6}");
    render("x <undefined>", "x {{.missing}}", "{}");
    render("[1 2] map[a:1]", "{{.l}} {{.m}}", "{\"l\": [1, 2], \"m\": {\"a\": 1}}");
    render("ab", "a  {{- /* gone */ -}}  b", "{}");
    render("2 yes", "{{len .l}} {{with .w}}{{.}}{{end}}", "{\"l\": [1, 2], \"w\": \"yes\"}");
  }

  @Test
  void errorsAreBuiltinErrors() {
    assertFails(BuiltinException.BUILTIN_ERROR, "unclosed action", "strings.render_template", str("{{.a"), json("{}"));
    assertFails(BuiltinException.BUILTIN_ERROR, "function \"nope\" not defined", "strings.render_template", str("{{nope 1}}"), json("{}"));
  }
}
