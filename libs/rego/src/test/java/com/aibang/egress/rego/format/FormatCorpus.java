package com.aibang.egress.rego.format;

import java.util.List;

/** Rego snippets covering every construct the formatter writes (each a complete module). */
final class FormatCorpus {
  private FormatCorpus() {}

  static final List<String> SNIPPETS = List.of(
      "package a\nimport rego.v1\np := 1\n",
      "package a.b[\"c-d\"]\n\nimport data.x.y as z\nimport input.req\n\nq if z\n",
      "package a\nallow if { input.x == 1; input.y != 2 }\n",
      "package a\ndefault allow := false\ndefault f(_) := 0\nf(x) := y if { y := x + 1 }\n",
      "package a\nnames contains n if { some n in input.names }\nm contains \"fixed\"\n",
      "package a\np[x] := y if { some x, y in input.obj }\nq.r.s := 1\nt[\"u-v\"][w] if w := input.w\n",
      "package a\nx := 1 if input.a else := 2 if input.b else = 3\n",
      "package a\nx = 1 if { input.a } else = 2\n",
      "package a\nv := [1, 2.50, -3, 1e3, -4.0E-2]\n",
      "package a\ns := {\"a\", `raw\\d+`, \"esc\\\"aped\\u00e9\"}\ne := set()\no := {}\n",
      "package a\nc := [x | some x in input.xs; x > 1]\nd := {k: v | some k, v in input.o}\ne := {x | x := input.xs[_]}\n",
      "package a\np if {\n\tevery x in input.xs {\n\t\tx > 0\n\t}\n\tevery k, v in input.o { k != v }\n}\n",
      "package a\np if {\n\tnot input.deny\n\tsome i\n\tinput.xs[i] == 1\n\tcount(input.xs) with input.xs as [1] == 1\n}\n",
      "package a\nr := (1 + 2) * 3 - -4 / (5 % 2)\nq := 1 - (2 - 3)\nb := 1 | 2 & 3\nneg := -input.x\nnegn := - 1\n",
      "package a\nm if 1 in [1]\nkv if 0, 1 in [1]\nnm if not 2 in [1]\nz := (0, 1 in [1])\nw := [(1 | 2), 3 in [3]]\n",
      "package a\nt := $\"hello {input.name}!\"\nu := $`raw {1 + 1}`\n",
      "package a\nf(x, y) := z if {\n\tz := sprintf(\"%v-%v\", [\n\t\tx,\n\t\ty,\n\t])\n}\n",
      "package a\nobj := {\n\t\"a\": 1,\n\t\"b\": {\"c\": [\n\t\t1,\n\t\t2,\n\t]},\n}\n",
      "package a\nmulti := [name |\n\tsome x in input.xs\n\tname := x.name\n]\n",
      "package a\nx := input[\"a b\"].c[0][\"d\"]\ny := data.a.b.f(1)\nz := net.cidr_contains(\"10.0.0.0/8\", input.ip)\n",
      "package a\n\n# header comment\n\n# about p\np := 1 # trailing p\n\n# about q\n\nq if {\n\t# first\n\tinput.a # after a\n\n\tinput.b\n\t# last\n} # after brace\n\n# end of file\n",
      "# METADATA\n# title: pkg\npackage a\n\n# METADATA\n# title: p\n# description: x\np := 1\n",
      "package a\nallow if { input.a; input.b } # one-line body\nevery_ok if { every x in input.xs { x > 0 } } # c\n",
      "package a\r\n# crlf\r\np := 1 # t\r\nq if {\r\n  input.x\r\n}",
      "package a\np := `multi\nline` # after\nq := {\"k\": [1, # one\n 2]}\nr := [x | # why\n x := 1]\n",
      "package a\np if ({1, 2} == {2, 1})\nq := 1 if ({\"a\": 1}.a == 1)\nr if ({1})\n",
      "package a\np := x if {\n\tx = {3,# c\n 1, 2} & {3} # d\n}\n__r__ # c1\n:= y if {# c2\n\n\ty = input\n}\n",
      "package a\nlist := [\n\t1, # one\n\t2,\n\t# before three\n\t3,\n]\n",
      "package a\np if {\n\tx := [1,\n\t2]\n\ty := f(1,\n\t\t2)\n\tx != y\n}\nf(a, b) := a + b\n",
      "package a\nimport future.keywords.in\nimport future.keywords.if\np if { input.x in {\"a\", \"b\"} }\n",
      "package a\np { input.x }\nq[y] { y := 1 }\n",
      "package a\nu if { [a, b] := [1, 2]; a < b; {\"k\": a} == {\"k\": 1} }\n",
      "package a\nv if { x = 1; 1 <= x; x >= 1; x < 2; 2 > x }\n",
      "package a\nw := {x: [y | y := x]} if x := 1\n",
      "package a\nimport future.keywords.and\nimport future.keywords.or\np if input.a and input.b or input.c\nq if not (input.a or input.b)\n");
}
