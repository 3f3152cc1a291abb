package com.aibang.egress.rego.builtins;

import static com.aibang.egress.rego.builtins.BuiltinCall.assertCall;
import static com.aibang.egress.rego.builtins.BuiltinCall.assertFails;
import static com.aibang.egress.rego.builtins.BuiltinCall.json;
import static com.aibang.egress.rego.builtins.BuiltinCall.str;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.aibang.egress.rego.value.ArrayValue;
import com.aibang.egress.rego.value.NumberValue;
import org.junit.jupiter.api.Test;

class TimeBuiltinsTest {
  private static final String ERR = BuiltinException.BUILTIN_ERROR;

  @Test
  void nowIsTheEvaluationInstant() {
    assertEquals(NumberValue.of(BuiltinCall.FIXED_NOW), BuiltinCall.call("time.now_ns"));
  }

  @Test
  void parseRfc3339CoversTheInt64Range() {
    assertCall("-9223372036854775808", "time.parse_rfc3339_ns", str("1677-09-21T00:12:43.145224192-00:00"));
    assertCall("9223372036854775807", "time.parse_rfc3339_ns", str("2262-04-11T23:47:16.854775807-00:00"));
    assertCall("1496455200000000000", "time.parse_rfc3339_ns", str("2017-06-02T19:00:00-07:00"));
    assertFails(ERR, "time outside of valid range", "time.parse_rfc3339_ns", str("2262-04-11T23:47:16.854775808-00:00"));
    assertFails(ERR, "cannot parse", "time.parse_rfc3339_ns", str("2017-06-02 19:00:00"));
  }

  @Test
  void parseWithGoLayouts() {
    assertCall("1580515200000000000", "time.parse_ns", str("2006-01-02"), str("2020-02-01"));
    assertCall("1580558400000000000", "time.parse_ns", str("Jan _2 2006 3:04PM MST"), str("Feb  1 2020 12:00PM UTC"));
    assertCall("1580515200500000000", "time.parse_ns", str("02/01/06 15:04:05.000 -0700"), str("01/02/20 00:00:00.500 +0000"));
    assertCall("1257894000000000000", "time.parse_ns", str("Mon, 02 Jan 2006 15:04:05 MST"), str("Tue, 10 Nov 2009 23:00:00 UTC"));
    assertCall("1257922800000000000", "time.parse_ns", str("Mon Jan _2 15:04:05 -0700 2006"), str("Tue Nov 10 23:00:00 -0800 2009"));
    // A fraction in the value is accepted after seconds even when the layout has none (Go behaviour).
    assertCall("1136214245123456000", "time.parse_ns", str("2006-01-02 15:04:05"), str("2006-01-02 15:04:05.123456"));
    assertCall("1136214245123456000", "time.parse_ns", str("2006-01-02 15:04:05,000000"), str("2006-01-02 15:04:05,123456"));
    assertFails(ERR, "day out of range", "time.parse_ns", str("2006-01-02"), str("2021-02-29"));
    assertFails(ERR, "month out of range", "time.parse_ns", str("2006-01-02"), str("2021-13-01"));
    assertFails(ERR, "extra text", "time.parse_ns", str("2006-01-02"), str("2021-02-28x"));
  }

  @Test
  void durations() {
    assertCall("100000000", "time.parse_duration_ns", str("100ms"));
    assertCall("-5400000000000", "time.parse_duration_ns", str("-1h30m"));
    assertCall("1500", "time.parse_duration_ns", str("1.5µs"));
    assertFails(ERR, "time: missing unit in duration \"1\"", "time.parse_duration_ns", str("1"));
    assertFails(ERR, "time: unknown unit \"d\" in duration \"1d\"", "time.parse_duration_ns", str("1d"));
    assertFails(ERR, "time: invalid duration", "time.parse_duration_ns", str("h"));
  }

  @Test
  void formatWithZonesAndLayouts() {
    assertCall("\"2022-12-02T18:40:53.141828752Z\"", "time.format", json("1670006453141828752"));
    assertCall("\"2022-12-03T00:10:53.141828752+05:30\"", "time.format", json("[1670006453141828752, \"Asia/Kolkata\"]"));
    assertCall("\"Sat Dec 03 00:10:53 +0530 2022\"", "time.format",
        json("[1670006453141828752, \"Asia/Kolkata\", \"Mon Jan 02 15:04:05 -0700 2006\"]"));
    assertCall("\"Sat, 03 Dec 2022 00:10:53 +0530\"", "time.format", json("[1670006453141828752, \"Asia/Kolkata\", \"RFC1123Z\"]"));
    assertCall("\"Fri, 02 Dec 2022 13:40:53 EST\"", "time.format", json("[1670006453141828752, \"America/New_York\", \"RFC1123\"]"));
    assertCall("\"6:40PM\"", "time.format", json("[1670006453141828752, \"\", \"Kitchen\"]"));
    assertFails(ERR, "timestamp too big", "time.format", json("15829776000000000000000"));
    assertFails(ERR, "unknown time zone", "time.format", json("[0, \"Mars/Olympus\"]"));
  }

  @Test
  void calendarParts() {
    assertCall("[2018, 2, 5]", "time.date", json("1517814000000000000"));
    assertCall("[2020, 2, 29]", "time.date", json("1582977600000000000"));
    assertCall("[7, 0, 0]", "time.clock", json("[1517832000000000000, \"America/New_York\"]"));
    assertCall("\"Tuesday\"", "time.weekday", json("1517918400000000000"));
    assertFails(ERR, "timestamp too big", "time.weekday", json("1582977600000000000000"));
  }

  @Test
  void addDateOverflowsLikeGo() {
    assertCall("1551465221593912000", "time.add_date", json("1585852421593912000"), json("-1"), json("-1"), json("-1"));
    // 2021-01-31 + 1 month = 2021-03-03 (February has 28 days), as in Go.
    long jan31 = 1612051200L * 1_000_000_000L;
    assertEquals(NumberValue.of(1614729600L * 1_000_000_000L),
        BuiltinCall.call("time.add_date", NumberValue.of(jan31), json("0"), json("1"), json("0")));
    assertFails(ERR, "time outside of valid range", "time.add_date", json("-9223372036854775808"), json("0"), json("0"), json("-1"));
  }

  @Test
  void diffIsCalendarAware() {
    long day = 86_400L * 1_000_000_000L;
    long feb2 = 1580601600L * 1_000_000_000L;
    assertEquals(json("[0, 0, 28, 0, 0, 0]"),
        BuiltinCall.call("time.diff", NumberValue.of(feb2), NumberValue.of(feb2 + 28 * day)));
    assertEquals(json("[0, 0, 0, 0, 1, 1]"), BuiltinCall.call("time.diff",
        NumberValue.of(61_000_000_000L), NumberValue.of(0)));
    assertEquals(json("[0, 0, 0, 0, 1, 0]"), BuiltinCall.call("time.diff",
        ArrayValue.of(NumberValue.of(60_000_000_000L), str("UTC")), ArrayValue.of(NumberValue.of(0), str("Asia/Shanghai"))));
  }
}
