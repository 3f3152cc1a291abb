package com.aibang.egress.rego.builtins;

import static com.aibang.egress.rego.builtins.BuiltinCall.assertCall;
import static com.aibang.egress.rego.builtins.BuiltinCall.assertFails;
import static com.aibang.egress.rego.builtins.BuiltinCall.json;
import static com.aibang.egress.rego.builtins.BuiltinCall.str;

import org.junit.jupiter.api.Test;

class SemverAndUnitsBuiltinsTest {
  private static final String ERR = BuiltinException.BUILTIN_ERROR;

  @Test
  void semver() {
    assertCall("-1", "semver.compare", str("1.0.0"), str("2.0.0"));
    assertCall("0", "semver.compare", str("1.0.0+build.1"), str("1.0.0"));
    assertCall("-1", "semver.compare", str("1.0.0-alpha"), str("1.0.0"));
    assertCall("-1", "semver.compare", str("1.0.0-alpha.1"), str("1.0.0-alpha.beta"));
    assertCall("1", "semver.compare", str("1.0.0-rc.11"), str("1.0.0-rc.2"));
    assertFails(ERR, "operand 2: string \"1\" is not a valid SemVer", "semver.compare", str("1.0.0"), str("1"));
    assertCall("true", "semver.is_valid", str("1.2.3-beta.1+exp.sha.5114f85"));
    assertCall("false", "semver.is_valid", str("01.2.3"));
    assertCall("false", "semver.is_valid", json("1"));
  }

  @Test
  void unitsParse() {
    assertCall("0.5", "units.parse", str("500m"));
    assertCall("0.5", "units.parse", str("0.0000005M"));
    assertCall("109951162777600", "units.parse", str("\"100TI\""));
    assertCall("1126.4", "units.parse", str("1.1Ki"));
    assertCall("2500000", "units.parse", str("2.5e3K"));
    assertCall("-0.35", "units.parse", str("-3.5E2m"));
    assertCall("5000000000000000000", "units.parse", str("5E"));
    assertCall("10000000000000000000", "units.parse", str("10e"));
    assertFails(ERR, "spaces not allowed in resource strings", "units.parse", str("1 K"));
    assertFails(ERR, "no amount provided", "units.parse", str("K"));
  }

  @Test
  void unitsParseBytes() {
    assertCall("10240", "units.parse_bytes", str("10KIB"));
    assertCall("1126", "units.parse_bytes", str("1.1KiB"));
    assertCall("10", "units.parse_bytes", str("1e-2KB"));
    assertCall("11529215046068469760", "units.parse_bytes", str("10eib"));
    assertCall("335544320", "units.parse_bytes", str("3.2E2MiB"));
    assertFails(ERR, "no byte amount provided", "units.parse_bytes", str("GB"));
    assertFails(ERR, "could not parse byte amount to a number", "units.parse_bytes", str(".5.2"));
    assertFails(ERR, "spaces not allowed in resource strings", "units.parse_bytes", str(" 327MiB "));
    assertFails(ERR, "exponent too large", "units.parse_bytes", str("10e10000000EiB"));
  }
}
