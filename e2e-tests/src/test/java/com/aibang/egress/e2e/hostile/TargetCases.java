package com.aibang.egress.e2e.hostile;

import static com.aibang.egress.e2e.hostile.Expect.forwarded;
import static com.aibang.egress.e2e.hostile.Expect.hostHeader;
import static com.aibang.egress.e2e.hostile.Expect.path;
import static com.aibang.egress.e2e.hostile.Expect.refused;
import static com.aibang.egress.e2e.hostile.Expect.tunnelOpened;
import static com.aibang.egress.e2e.hostile.HostileCase.both;
import static com.aibang.egress.e2e.hostile.HostileCase.curlBoth;
import static com.aibang.egress.e2e.hostile.HostileCase.http;
import static com.aibang.egress.e2e.hostile.HostileCase.utf8;

import java.net.IDN;
import java.util.ArrayList;
import java.util.List;

/**
 * CONNECT targets and host tricks aimed at a domain allowlist. Only {@code allowed.test},
 * {@code xn--bcher-kva.test} and {@code 127.0.0.21} are allowed; {@code evil.test} and every name under
 * it resolve to the evil upstream (127.0.0.22), so a trick that works shows up there.
 */
final class TargetCases {
    /** Cyrillic "а" instead of Latin "a": looks like the allowed name, is another one. */
    private static final String HOMOGRAPH = "\u0430llowed.test";

    private TargetCases() {
    }

    private static String get(String absoluteUri) {
        return http("GET " + absoluteUri + " HTTP/1.1", "Host: allowed.test:{P}", "Connection: close", "", "");
    }

    private static String connect(String target) {
        return http("CONNECT " + target + " HTTP/1.1", "Host: " + target, "", "");
    }

    static List<HostileCase> all() {
        List<HostileCase> cases = new ArrayList<>();
        // Baselines: prove the harness sees what is allowed and what is not.
        cases.addAll(both("baseline_get_allowed", get("http://allowed.test:{P}/ok"),
                forwarded("Host is the target", hostHeader("allowed.test:{P}"))));
        cases.addAll(both("baseline_get_evil", get("http://evil.test:{P}/"), refused(403)));
        cases.addAll(both("baseline_connect_allowed", connect("allowed.test:{P}"), tunnelOpened()));
        cases.addAll(both("baseline_connect_evil", connect("evil.test:{P}"), refused(403)));
        // CONNECT targets: authority-form only, port mandatory and in 1..65535.
        cases.addAll(both("connect_missing_port", connect("allowed.test"), refused(400)));
        cases.addAll(both("connect_empty_port", connect("allowed.test:"), refused(400)));
        cases.addAll(both("connect_port_zero", connect("allowed.test:0"), refused(400)));
        cases.addAll(both("connect_port_65536", connect("allowed.test:65536"), refused(400)));
        cases.addAll(both("connect_port_wraps_32_bits", connect("allowed.test:4294967739"), refused(400)));
        cases.addAll(both("connect_port_negative", connect("allowed.test:-443"), refused(400)));
        cases.addAll(both("connect_port_plus_sign", connect("allowed.test:+{P}"), refused(400)));
        cases.addAll(both("connect_userinfo", connect("user:pw@allowed.test:{P}"), refused(400)));
        cases.addAll(both("connect_allowed_at_evil", connect("allowed.test@evil.test:{P}"), refused(400)));
        cases.addAll(both("connect_with_path", connect("allowed.test:{P}/path"), refused(400)));
        cases.addAll(both("connect_absolute_uri", connect("http://allowed.test:{P}/"), refused(400)));
        cases.addAll(both("connect_space_before_port",
                http("CONNECT allowed.test :{P} HTTP/1.1", "Host: allowed.test:{P}", "", ""), refused(400)));
        cases.addAll(both("connect_two_ports", connect("allowed.test:{P}:{P}"), refused(400)));
        cases.addAll(both("connect_unbracketed_ipv6", connect("::1:{P}"), refused(400)));
        cases.addAll(both("connect_evil_hash_allowed", connect("evil.test#allowed.test:{P}"), refused(400)));
        cases.addAll(both("connect_percent_encoded_host", connect("allowed%2etest:{P}"), refused(400)));
        cases.addAll(both("connect_cr_in_target",
                http("CONNECT allowed.test:{P}\rX: y HTTP/1.1", "Host: allowed.test:{P}", "", ""), refused(400)));
        cases.addAll(both("connect_host_header_evil_is_ignored",
                http("CONNECT allowed.test:{P} HTTP/1.1", "Host: evil.test:{P}", "", ""), tunnelOpened()));
        cases.addAll(both("connect_mixed_case_normalised", connect("AlLoWeD.TeSt:{P}"), tunnelOpened()));
        cases.addAll(both("connect_trailing_dot_normalised", connect("allowed.test.:{P}"), tunnelOpened()));
        cases.addAll(both("connect_decimal_ipv4", connect("2130706454:{P}"), refused(400)));
        cases.addAll(both("connect_ipv4_mapped_ipv6_evil", connect("[::ffff:127.0.0.22]:{P}"), refused(403)));
        // Host tricks in absolute-form.
        cases.addAll(both("userinfo_allowed_at_evil", get("http://allowed.test@evil.test:{P}/"), refused(400)));
        cases.addAll(both("userinfo_with_port_at_evil", get("http://allowed.test:{P}@evil.test:{P}/"), refused(400)));
        cases.addAll(both("backslash_before_at", get("http://allowed.test:{P}\\@evil.test:{P}/"), refused(400)));
        cases.addAll(both("allowed_as_prefix_of_evil", get("http://allowed.test.evil.test:{P}/"), refused(403)));
        cases.addAll(both("allowed_as_suffix_of_evil", get("http://evil.test.allowed.test:{P}/"), refused(403)));
        cases.addAll(both("fragment_hides_allowed_after_evil", get("http://evil.test:{P}#@allowed.test:{P}/"), refused(403)));
        cases.addAll(both("fragment_after_allowed_is_dropped", get("http://allowed.test:{P}#@evil.test/"),
                forwarded("path /", path("/"))));
        cases.addAll(both("query_after_allowed_keeps_host", get("http://allowed.test:{P}?@evil.test:{P}/"),
                forwarded("query kept, Host is ours",
                        (r, port) -> path("/?@evil.test:{P}/".replace("{P}", String.valueOf(port))).test(r, port)
                                && hostHeader("allowed.test:{P}").test(r, port))));
        cases.addAll(both("trailing_dot_normalised", get("http://allowed.test.:{P}/dot"),
                forwarded("Host without the dot", hostHeader("allowed.test:{P}"))));
        cases.addAll(both("two_trailing_dots", get("http://allowed.test..:{P}/"), refused(400)));
        cases.addAll(both("leading_dot", get("http://.allowed.test:{P}/"), refused(400)));
        cases.addAll(both("mixed_case_normalised", get("http://ALLOWED.Test:{P}/case"),
                forwarded("Host in lower case", hostHeader("allowed.test:{P}"))));
        cases.addAll(both("punycode_allowed", get("http://xn--bcher-kva.test:{P}/idn"),
                forwarded("Host is the punycode name", hostHeader("xn--bcher-kva.test:{P}"))));
        // Raw UTF-8 names are decoded and turned into punycode (DESIGN: "IDN to punycode"), never mangled.
        cases.addAll(both("raw_utf8_idn_host_becomes_punycode", get(utf8("http://b\u00fccher.test:{P}/idn-raw")),
                forwarded("Host is the punycode name", hostHeader("xn--bcher-kva.test:{P}"))));
        cases.addAll(both("raw_utf8_homograph_host", get(utf8("http://" + HOMOGRAPH + ":{P}/")), refused(403)));
        cases.addAll(both("punycode_homograph_is_another_name", get("http://" + IDN.toASCII(HOMOGRAPH) + ":{P}/"), refused(403)));
        cases.addAll(both("percent_encoded_dot", get("http://allowed%2etest:{P}/"), refused(400)));
        cases.addAll(both("percent_encoded_letter", get("http://%61llowed.test:{P}/"), refused(400)));
        cases.addAll(both("percent_encoded_nul_before_evil", get("http://allowed.test%00.evil.test:{P}/"), refused(400)));
        // IPv4 literals: only the canonical dotted-decimal form; everything else is ambiguous and refused.
        cases.addAll(both("ipv4_canonical_allowed", get("http://127.0.0.21:{P}/ip"), forwarded("path /ip", path("/ip"))));
        cases.addAll(both("ipv4_canonical_evil", get("http://127.0.0.22:{P}/"), refused(403)));
        cases.addAll(both("ipv4_decimal", get("http://2130706454:{P}/"), refused(400)));
        cases.addAll(both("ipv4_octal", get("http://0177.0.0.22:{P}/"), refused(400)));
        cases.addAll(both("ipv4_leading_zero_octet", get("http://127.0.0.022:{P}/"), refused(400)));
        cases.addAll(both("ipv4_hex_octet", get("http://0x7f.0.0.22:{P}/"), refused(400)));
        cases.addAll(both("ipv4_hex_whole", get("http://0x7f000016:{P}/"), refused(400)));
        cases.addAll(both("ipv4_short_form", get("http://127.22:{P}/"), refused(400)));
        cases.addAll(both("ipv4_mapped_ipv6_evil", get("http://[::ffff:127.0.0.22]:{P}/"), refused(403)));
        cases.addAll(both("ipv4_mapped_ipv6_hex_evil", get("http://[::ffff:7f00:16]:{P}/"), refused(403)));
        cases.addAll(both("ipv6_zone_id", get("http://[::1%25lo]:{P}/"), refused(400)));
        // The same tricks as a real client parses them: curl sends the request to the host it sees.
        cases.addAll(curlBoth("curl_userinfo_allowed_at_evil", "http://allowed.test@evil.test:{P}/", refused(403)));
        cases.addAll(curlBoth("curl_fragment_hides_allowed", "http://evil.test:{P}/#@allowed.test", refused(403)));
        cases.addAll(curlBoth("curl_allowed_as_prefix_of_evil", "http://allowed.test.evil.test:{P}/", refused(403)));
        cases.addAll(curlBoth("curl_trailing_dot", "http://allowed.test.:{P}/curl-dot",
                forwarded("Host without the dot", hostHeader("allowed.test:{P}"))));
        return cases;
    }
}
