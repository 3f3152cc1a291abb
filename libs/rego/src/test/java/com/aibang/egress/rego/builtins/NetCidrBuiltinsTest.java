package com.aibang.egress.rego.builtins;

import static com.aibang.egress.rego.builtins.BuiltinCall.assertCall;
import static com.aibang.egress.rego.builtins.BuiltinCall.assertFails;
import static com.aibang.egress.rego.builtins.BuiltinCall.assertSetCall;
import static com.aibang.egress.rego.builtins.BuiltinCall.json;
import static com.aibang.egress.rego.builtins.BuiltinCall.set;
import static com.aibang.egress.rego.builtins.BuiltinCall.str;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.rego.value.ArrayValue;
import com.aibang.egress.rego.value.SetValue;
import org.junit.jupiter.api.Test;

class NetCidrBuiltinsTest {
  private static final String ERR = BuiltinException.BUILTIN_ERROR;

  @Test
  void containsMatchesReportsKeysOfEachSide() {
    assertSetCall("[[\"1.1.1.0/24\",\"1.1.1.1\"]]", "net.cidr_contains_matches", str("1.1.1.0/24"), str("1.1.1.1"));
    assertSetCall("[[0,1],[1,0]]", "net.cidr_contains_matches",
        json("[[\"1.1.2.0/24\", 1], \"1.1.1.0/24\"]"), json("[\"1.1.1.1\", \"1.1.2.1\"]"));
    assertSetCall("[[\"k1\",\"1.1.1.128\"],[\"k2\",\"1.1.1.128\"]]", "net.cidr_contains_matches",
        json("{\"k1\": \"1.1.1.1/24\", \"k2\": [\"1.1.1.2/24\", 1]}"), str("1.1.1.128"));
    assertSetCall("[[\"1.1.1.0/24\",\"1.1.1.1\"],[\"1.1.2.0/24\",\"1.1.2.1\"]]", "net.cidr_contains_matches",
        set(str("1.1.1.0/24"), str("1.1.2.0/24")), set(str("1.1.1.1"), str("1.1.2.1")));
    assertFails(ERR, "operand 2: element must be string or non-empty array", "net.cidr_contains_matches",
        json("[\"1.1.2.0/24\"]"), json("[\"1.1.1.1\", 1]"));
    assertFails(ERR, "operand 2: element must be string or non-empty array", "net.cidr_contains_matches",
        json("[\"1.1.2.0/24\"]"), set(ArrayValue.EMPTY));
  }

  @Test
  void expandListsEveryAddress() {
    assertSetCall("[\"192.168.1.0\",\"192.168.1.1\",\"192.168.1.2\",\"192.168.1.3\"]", "net.cidr_expand", str("192.168.1.1/30"));
    assertSetCall("[\"192.168.1.1\"]", "net.cidr_expand", str("192.168.1.1/32"));
    assertSetCall("[\"2001:db8::\",\"2001:db8::1\"]", "net.cidr_expand", str("2001:db8::/127"));
    assertFails(ERR, "invalid CIDR address: 192.168.1.1/33", "net.cidr_expand", str("192.168.1.1/33"));
    assertFails(ERR, "too large", "net.cidr_expand", str("10.0.0.0/4"));
  }

  @Test
  void intersectsAndIsValid() {
    assertCall("true", "net.cidr_intersects", str("192.168.1.0/25"), str("192.168.1.64/25"));
    assertCall("false", "net.cidr_intersects", str("192.168.1.0/25"), str("192.168.1.128/25"));
    assertCall("true", "net.cidr_intersects", str("fd1e:5bfe:8af3:9ddc::/64"), str("fd1e:5bfe:8af3:9ddc:1111::/72"));
    assertCall("false", "net.cidr_intersects", str("fd1e:5bfe:8af3:9ddc::/64"), str("2001:4860:4860::8888/32"));
    assertFails(ERR, "", "net.cidr_intersects", str("not-a-cidr"), str("192.168.1.0/24"));
    assertCall("true", "net.cidr_is_valid", str("192.168.1.0/24"));
    assertCall("true", "net.cidr_is_valid", str("2002::1234:abcd:ffff:c0a8:101/64"));
    assertCall("false", "net.cidr_is_valid", str("192.168.1.2"));
    assertCall("false", "net.cidr_is_valid", str(""));
    assertCall("false", "net.cidr_is_valid", json("7"));
  }

  @Test
  void mergeJoinsAdjacentAndContainedNetworks() {
    assertSetCall("[\"192.0.128.0/24\"]", "net.cidr_merge", json("[\"192.0.128.0/25\", \"192.0.128.128/25\"]"));
    assertSetCall("[\"192.0.2.0/24\",\"198.51.100.0/24\"]", "net.cidr_merge",
        set(str("192.0.2.0/24"), str("192.0.2.10/32"), str("198.51.100.0/24")));
    assertSetCall("[\"10.0.0.0/23\",\"10.0.2.0/24\"]", "net.cidr_merge",
        json("[\"10.0.0.0/24\", \"10.0.1.0/24\", \"10.0.2.0/24\"]"));
    assertSetCall("[\"2601:600:8a80:207e::/64\"]", "net.cidr_merge",
        json("[\"2601:600:8a80:207e:a57d:7567:e2c9:e7b3/64\", \"2601:600:8a80:207e:a57d:7567:e2c9:e7b3/128\"]"));
    assertSetCall("[\"2601:600:8a80:207e:a57d:7567:e2c9:e7b3/128\"]", "net.cidr_merge",
        json("[\"2601:600:8a80:207e:a57d:7567:e2c9:e7b3/128\", \"2601:600:8a80:207e:a57d:7567:e2c9:e7b3/128\"]"));
    assertFails(ERR, "IPv6 invalid: needs prefix length", "net.cidr_merge", json("[\"2601:600::1\"]"));
    assertSetCall("[]", "net.cidr_merge", json("[]"));
  }

  @Test
  void lookupReturnsLiteralsAndResolvesLocalNames() {
    assertSetCall("[\"10.0.0.1\"]", "net.lookup_ip_addr", str("10.0.0.1"));
    assertSetCall("[\"::\"]", "net.lookup_ip_addr", str("0:0::0"));
    // localhost comes from the hosts file: no traffic leaves the machine.
    SetValue local = (SetValue) BuiltinCall.call("net.lookup_ip_addr", str("localhost"));
    assertTrue(local.contains(str("127.0.0.1")) || local.contains(str("::1")), local.toString());
  }
}
