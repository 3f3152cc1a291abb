package com.aibang.egress.e2e.hostile;

import static com.aibang.egress.e2e.hostile.Expect.forwarded;
import static com.aibang.egress.e2e.hostile.Expect.hostHeader;
import static com.aibang.egress.e2e.hostile.Expect.noProxyHeaders;
import static com.aibang.egress.e2e.hostile.Expect.path;
import static com.aibang.egress.e2e.hostile.Expect.refused;
import static com.aibang.egress.e2e.hostile.HostileCase.both;
import static com.aibang.egress.e2e.hostile.HostileCase.http;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/** Oversized and malformed heads, bad request lines, CRLF injection, and absolute-form against Host. */
final class HeaderAndLineCases {

    private HeaderAndLineCases() {
    }

    /** A GET of the allowed host with extra header lines, asking the proxy to close afterwards. */
    private static String getAllowed(String path, String... extraHeaders) {
        List<String> lines = new ArrayList<>(List.of("GET http://allowed.test:{P}" + path + " HTTP/1.1", "Host: allowed.test:{P}"));
        lines.addAll(List.of(extraHeaders));
        lines.addAll(List.of("Connection: close", "", ""));
        return http(lines.toArray(String[]::new));
    }

    static List<HostileCase> all() {
        List<HostileCase> cases = new ArrayList<>();
        // Limits, above both tiers' defaults (edge: request line 8192, header block 16384 bytes, 100 fields;
        // egress twice that, so it never refuses what the edge accepted).
        cases.addAll(both("request_line_too_long", getAllowed("/" + "a".repeat(17000)), refused(414)));
        cases.addAll(both("header_field_too_large", getAllowed("/big", "X-Big: " + "b".repeat(33000)), refused(431)));
        cases.addAll(both("too_many_header_fields",
                getAllowed("/many", IntStream.range(0, 210).mapToObj(i -> "X-F" + i + ": v")
                        .toArray(String[]::new)), refused(431)));
        // Malformed header lines (RFC 9112 5.1: whitespace before the colon MUST be rejected with 400).
        cases.addAll(both("header_space_before_colon", getAllowed("/ws", "Host : evil.test:{P}"), refused(400)));
        cases.addAll(both("header_line_without_colon", getAllowed("/nocolon", "X-No-Colon value"), refused(400)));
        cases.addAll(both("header_name_with_delimiter", getAllowed("/delim", "X(Y): z"), refused(400)));
        cases.addAll(both("header_with_empty_name", getAllowed("/emptyname", ": value"), refused(400)));
        cases.addAll(both("header_value_with_nul", getAllowed("/nul", "X-A: a\u0000b"), refused(400)));
        // CRLF injection: a bare CR (or an encoded CRLF) must not start a new header or request anywhere.
        cases.addAll(both("bare_cr_in_header_value_injects_host", getAllowed("/cr", "X-A: a\rHost: evil.test:{P}"),
                refused(400)));
        cases.addAll(both("bare_cr_in_request_line",
                http("GET http://allowed.test:{P}/a\rX: y HTTP/1.1", "Host: allowed.test:{P}", "Connection: close", "", ""),
                refused(400)));
        cases.addAll(both("nul_in_request_line",
                http("GET http://allowed.test:{P}/a\u0000b HTTP/1.1", "Host: allowed.test:{P}", "Connection: close", "", ""),
                refused(400)));
        cases.addAll(both("encoded_crlf_in_path_stays_encoded", getAllowed("/a%0d%0aHost:%20evil.test"),
                forwarded("path still percent-encoded, Host is ours",
                        (r, port) -> "/a%0d%0aHost:%20evil.test".equals(r.path())
                                && hostHeader("allowed.test:{P}").test(r, port))));
        // RFC 9112 2.2 lets a recipient accept a bare LF as line end; refusing is the stricter choice and ours.
        cases.addAll(both("bare_lf_line_endings_refused",
                "GET http://allowed.test:{P}/lf HTTP/1.1\nHost: allowed.test:{P}\nConnection: close\n\n", refused(400)));
        // Host header against the absolute-form target (RFC 9112 3.2.2: the target wins).
        cases.addAll(both("absolute_allowed_host_header_evil", getAllowed("/mismatch", "X-Pad: 1").replace(
                "Host: allowed.test:{P}", "Host: evil.test:{P}"),
                forwarded("Host rewritten to the target", hostHeader("allowed.test:{P}"))));
        cases.addAll(both("absolute_evil_host_header_allowed",
                http("GET http://evil.test:{P}/ HTTP/1.1", "Host: allowed.test:{P}", "Connection: close", "", ""),
                refused(403)));
        cases.addAll(both("duplicate_host_headers", getAllowed("/twohosts", "Host: evil.test:{P}"), refused(400)));
        cases.addAll(both("origin_form_with_allowed_host",
                http("GET /origin HTTP/1.1", "Host: allowed.test:{P}", "Connection: close", "", ""), refused(400)));
        cases.addAll(both("asterisk_form",
                http("OPTIONS * HTTP/1.1", "Host: allowed.test:{P}", "Connection: close", "", ""), refused(400)));
        cases.addAll(both("forged_proxy_headers_are_removed",
                getAllowed("/forged", "X-Proxy-Tier: egress", "X-Proxy-Reason: forged", "Proxy-Authorization: Basic Zm9vOmJhcg=="),
                forwarded("no X-Proxy-*/Proxy-* header", noProxyHeaders())));
        // Bad request lines.
        cases.addAll(both("request_line_without_version",
                http("GET http://allowed.test:{P}/nover", "Host: allowed.test:{P}", "", ""), refused(400)));
        cases.addAll(both("request_line_http2_version",
                http("GET http://allowed.test:{P}/v2 HTTP/2.0", "Host: allowed.test:{P}", "", ""), refused(400)));
        cases.addAll(both("request_line_lower_case_version",
                http("GET http://allowed.test:{P}/lower http/1.1", "Host: allowed.test:{P}", "", ""), refused(400)));
        cases.addAll(both("request_line_extra_token",
                http("GET http://allowed.test:{P}/extra HTTP/1.1 trailing", "Host: allowed.test:{P}", "", ""), refused(400)));
        cases.addAll(both("absolute_https_scheme",
                http("GET https://allowed.test:{P}/ HTTP/1.1", "Host: allowed.test:{P}", "", ""), refused(400)));
        cases.addAll(both("absolute_ftp_scheme",
                http("GET ftp://allowed.test:{P}/ HTTP/1.1", "Host: allowed.test:{P}", "", ""), refused(400)));
        cases.addAll(both("absolute_missing_host",
                http("GET http://:{P}/ HTTP/1.1", "Host: allowed.test:{P}", "", ""), refused(400)));
        cases.addAll(both("absolute_without_path_gets_slash",
                http("GET http://allowed.test:{P} HTTP/1.1", "Host: allowed.test:{P}", "Connection: close", "", ""),
                forwarded("path /", path("/"))));
        cases.addAll(both("http_1_0_absolute_form",
                http("GET http://allowed.test:{P}/ten HTTP/1.0", "Host: allowed.test:{P}", "", ""),
                forwarded("path /ten", path("/ten"))));
        return cases;
    }
}
