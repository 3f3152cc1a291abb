package com.aibang.egress.rego.builtins;

import com.aibang.egress.rego.value.StringValue;

/** strings.render_template: renders a Go text/template (supported subset: see {@link GoTemplate}) with the given variables. */
public final class RenderTemplateBuiltins {
  private RenderTemplateBuiltins() {}

  public static void register(BuiltinRegistry r) {
    r.register("strings.render_template", 2, a -> StringValue.of(GoTemplate.render(a.string(0), a.object(1))));
  }
}
