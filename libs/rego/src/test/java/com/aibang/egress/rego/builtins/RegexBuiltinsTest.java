package com.aibang.egress.rego.builtins;

import static com.aibang.egress.rego.builtins.BuiltinCall.assertCall;
import static com.aibang.egress.rego.builtins.BuiltinCall.assertFails;
import static com.aibang.egress.rego.builtins.BuiltinCall.json;
import static com.aibang.egress.rego.builtins.BuiltinCall.str;

import org.junit.jupiter.api.Test;

class RegexBuiltinsTest {
  private static final String ERR = BuiltinException.BUILTIN_ERROR;

  @Test
  void matchUsesGoAnchorsAndClasses() {
    assertCall("true", "regex.match", str("^[a-z]+\\[[0-9]+\\]$"), str("foo[1]"));
    assertCall("true", "regex.match", str(""), str("x"));
    // Go's $ (no m flag) matches only at the very end, not before a final newline as Java's does.
    assertCall("false", "regex.match", str("^abc$"), str("abc\n"));
    assertCall("true", "regex.match", str("(?m)^b$"), str("a\nb\n"));
    // \s in RE2 excludes the vertical tab; \v is the vertical tab itself.
    assertCall("false", "regex.match", str("^\\s$"), str("\u000b"));
    assertCall("true", "regex.match", str("^\\v$"), str("\u000b"));
    assertCall("true", "regex.match", str("^[[:alpha:]]+$"), str("abcXYZ"));
    assertCall("true", "regex.match", str("^\\p{Greek}+$"), str("αβγ"));
    assertCall("true", "regex.match", str("(?i)^héllo$"), str("HÉLLO"));
    assertCall("true", "regex.match", str("^(?P<word>\\w+)$"), str("abc_1"));
  }

  @Test
  void rejectsWhatRe2Rejects() {
    assertFails(ERR, "missing closing ]", "regex.match", str("$^[[["), str("x"));
    assertFails(ERR, "invalid escape sequence: `\\1`", "regex.match", str("(a)\\1"), str("aa"));
    assertFails(ERR, "invalid or unsupported Perl syntax: `(?=`", "regex.match", str("a(?=b)"), str("ab"));
    // Go reads "(?<" as the start of a named group, so lookbehind fails as a bad name.
    assertFails(ERR, "invalid named capture", "regex.match", str("(?<!a)b"), str("b"));
    assertFails(ERR, "invalid nested repetition operator: `*+`", "regex.match", str("a*+"), str("a"));
    assertFails(ERR, "invalid repeat count", "regex.match", str("a{1001}"), str("a"));
    assertFails(ERR, "missing argument to repetition operator", "regex.match", str("*a"), str("a"));
    assertFails(ERR, "missing closing )", "regex.match", str("(a"), str("a"));
    assertFails(ERR, "unexpected )", "regex.match", str("a)"), str("a"));
    assertCall("false", "regex.is_valid", str("\\Z"));
    assertCall("false", "regex.is_valid", json("10"));
    assertCall("true", "regex.is_valid", str(".+"));
    // Java would read these as syntax; in RE2 they are literals.
    assertCall("true", "regex.match", str("^a{,3}$"), str("a{,3}"));
    assertCall("true", "regex.match", str("^[a&&b]+$"), str("&a&b"));
  }

  @Test
  void catastrophicBacktrackingFailsInsteadOfHanging() {
    assertFails(ERR, "too complex", "regex.match", str("^(a|aa)+?$"), str("a".repeat(60) + "!"));
    // Deep recursion inside java.util.regex is reported the same way rather than escaping as an Error.
    assertFails(ERR, "too complex", "regex.match", str("^(a|b)+$"), str("ab".repeat(100_000)));
  }

  @Test
  void findFollowsGoEmptyMatchRules() {
    assertCall("[\"ar\",\"an\",\"al\"]", "regex.find_n", str("a."), str("paranormal"), json("-1"));
    assertCall("[\"ar\",\"an\"]", "regex.find_n", str("a."), str("paranormal"), json("2"));
    assertCall("[]", "regex.find_n", str("a."), str("paranormal"), json("0"));
    assertCall("[\"\",\"aaa\",\"\"]", "regex.find_n", str("a*"), str("baaac"), json("-1"));
    assertCall("[[\"ab\",\"\"],[\"axb\",\"x\"]]", "regex.find_all_string_submatch_n",
        str("a(x*)b"), str("-ab-axb-"), json("-1"));
    assertCall("[[\"som\",\"o\",\"m\"]]", "regex.find_all_string_submatch_n",
        str("[^aouiye]([aouiye])([^aouiye])?"), str("somestri"), json("1"));
    assertCall("[[\"ri\",\"i\",\"\"]]", "regex.find_all_string_submatch_n",
        str("r([aouiye])([^aouiye])?"), str("somestri"), json("-1"));
  }

  @Test
  void replaceExpandsGoTemplates() {
    assertCall("\"-0-0-\"", "regex.replace", str("-wy-wxxy-"), str("w(x*)y"), str("0"));
    assertCall("\"foofoo\"", "regex.replace", str("foo"), str("(foo)"), str("$1$1"));
    assertCall("\"_o __\"", "regex.replace", str("foo barx"), str("[a-z]{2}"), str("_"));
    assertCall("\"XbXcX\"", "regex.replace", str("baaac"), str("a*"), str("X"));
    // $1x names group "1x", which does not exist; ${1}x is group 1 then "x"; $$ is a dollar.
    assertCall("\"\"", "regex.replace", str("ab"), str("(a)b"), str("$1x"));
    assertCall("\"ax\"", "regex.replace", str("ab"), str("(a)b"), str("${1}x"));
    assertCall("\"$\"", "regex.replace", str("ab"), str("ab"), str("$$"));
    assertCall("\"b-a\"", "regex.replace", str("a-b"), str("(?P<x>\\w)-(?P<y>\\w)"), str("$y-$x"));
  }

  @Test
  void splitMatchesGo() {
    assertCall("[\"\"]", "regex.split", str("^[a-z]+\\[[0-9]+\\]$"), str(""));
    assertCall("[\"\",\" baz\"]", "regex.split", str("^[a-z]+"), str("foobar baz"));
    assertCall("[\"foobar \",\"\"]", "regex.split", str("[a-z]+$"), str("foobar baz"));
    assertCall("[\"\",\"\"]", "regex.split", str("^[a-z ]+$"), str("foobar baz"));
    assertCall("[\"pi\",\"a\"]", "regex.split", str("z+"), str("pizza"));
  }

  @Test
  void templateMatch() {
    assertCall("true", "regex.template_match", str("urn:foo:{.*}"), str("urn:foo:bar:baz"), str("{"), str("}"));
    assertCall("false", "regex.template_match", str("urn:foo.bar:{[0-9]+}"), str("urn:fooxbar:12"), str("{"), str("}"));
    assertCall("true", "regex.template_match", str("urn:<[a-z]+>:<[0-9]{2}>"), str("urn:abc:12"), str("<"), str(">"));
    assertFails(ERR, "unbalanced braces", "regex.template_match", str("urn:{a"), str("urn:a"), str("{"), str("}"));
  }

  @Test
  void globsMatchIntersectsGlobLikePatterns() {
    assertCall("true", "regex.globs_match", str("a.a.[0-9]+z"), str(".b.b2359825792*594823z"));
    assertCall("false", "regex.globs_match", str("[a-z]+"), str("[0-9]*"));
    assertCall("true", "regex.globs_match", str("[a-z]*"), str("[0-9]*"));
    assertCall("true", "regex.globs_match", str("[a-z]+\\[[0-9]+\\]"), str("foo\\[1\\]"));
    assertCall("false", "regex.globs_match", str("[a-z]+\\[[0-9]+\\]"), str("foo[\"bar\"]"));
    assertCall("true", "regex.globs_match", str("api.*"), str("[^x]pi.example.com"));
    assertFails(ERR, "input:pqrs], pos:5, set-close ']' with no preceding '[': the input provided is invalid",
        "regex.globs_match", str("pqrs]"), str("[a-b]+"));
    assertFails(ERR, "with no closing ']'", "regex.globs_match", str("[ab"), str("a"));
  }
}
