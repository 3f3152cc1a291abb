package com.aibang.egress.e2e.hostile;

import static com.aibang.egress.e2e.hostile.Expect.either;
import static com.aibang.egress.e2e.hostile.Expect.forwarded;
import static com.aibang.egress.e2e.hostile.Expect.path;
import static com.aibang.egress.e2e.hostile.Expect.refused;
import static com.aibang.egress.e2e.hostile.HostileCase.both;
import static com.aibang.egress.e2e.hostile.HostileCase.http;

import java.util.ArrayList;
import java.util.List;

/**
 * Request smuggling: every framing a front end and a back end could read differently is refused
 * (RFC 9112 section 6), and a request hidden in a body or behind a refusal never reaches anyone.
 */
final class SmugglingCases {
    /** A request to the evil host, hidden where a confused parser would find a second request. */
    private static final String HIDDEN = http("GET http://evil.test:{P}/smuggled HTTP/1.1", "Host: evil.test:{P}", "", "");
    /** A request for the origin server behind an allowed destination, which only a framing bug would deliver. */
    private static final String HIDDEN_FOR_ORIGIN = http("GET /smuggled HTTP/1.1", "Host: allowed.test", "", "");

    private SmugglingCases() {
    }

    private static String post(String... headersThenBody) {
        List<String> lines = new ArrayList<>(List.of("POST http://allowed.test:{P}/post HTTP/1.1", "Host: allowed.test:{P}"));
        lines.addAll(List.of(headersThenBody));
        return http(lines.toArray(String[]::new));
    }

    static List<HostileCase> all() {
        List<HostileCase> cases = new ArrayList<>();
        // CL.TE / TE.CL: both framings present. Either reading hides HIDDEN from the other; we refuse.
        cases.addAll(both("cl_te_content_length_then_chunked",
                post("Content-Length: 4", "Transfer-Encoding: chunked", "", "0", "", HIDDEN), refused(400)));
        cases.addAll(both("te_cl_chunked_then_content_length",
                post("Transfer-Encoding: chunked", "Content-Length: {LEN}", "", "0", "", HIDDEN),
                refused(400)));
        cases.addAll(both("cl_te_chunked_in_odd_case",
                post("Content-Length: 4", "Transfer-Encoding: ChUnKeD", "", "0", "", HIDDEN), refused(400)));
        // Duplicated or conflicting Content-Length (RFC 9112 6.3 item 5).
        cases.addAll(both("content_length_duplicated_equal",
                post("Content-Length: 5", "Content-Length: 5", "", "hello"), refused(400)));
        cases.addAll(both("content_length_conflicting",
                post("Content-Length: 5", "Content-Length: {LEN}", "", "hello" + HIDDEN), refused(400)));
        cases.addAll(both("content_length_list_value", post("Content-Length: 5, 5", "", "hello"), refused(400)));
        cases.addAll(both("content_length_plus_sign", post("Content-Length: +5", "", "hello"), refused(400)));
        cases.addAll(both("content_length_negative", post("Content-Length: -1", "", "hello"), refused(400)));
        cases.addAll(both("content_length_hex", post("Content-Length: 0x5", "", "hello"), refused(400)));
        cases.addAll(both("content_length_overflows_long", post("Content-Length: 18446744073709551621", "", "hello"),
                refused(400)));
        // Transfer-Encoding other than a final, single "chunked" (RFC 9112 6.1: 400 and close).
        cases.addAll(both("te_chunked_not_last", post("Transfer-Encoding: chunked, gzip", "", "0", "", HIDDEN),
                refused(400)));
        cases.addAll(both("te_gzip_without_chunked", post("Transfer-Encoding: gzip", "", "0", "", HIDDEN), refused(400)));
        cases.addAll(both("te_identity_with_content_length",
                post("Transfer-Encoding: identity", "Content-Length: 5", "", "hello" + HIDDEN), refused(400)));
        cases.addAll(both("te_second_field_line_adds_coding",
                post("Transfer-Encoding: chunked", "Transfer-Encoding: identity", "", "0", "", HIDDEN), refused(400)));
        cases.addAll(both("te_xchunked_with_content_length",
                post("Transfer-Encoding: xchunked", "Content-Length: 4", "", "0", "", HIDDEN), refused(400)));
        cases.addAll(both("te_chunked_twice", post("Transfer-Encoding: chunked, chunked", "", "0", "", HIDDEN), refused(400)));
        // Obsolete line folding: either refused, or unfolded so that every hop reads the same single request.
        cases.addAll(both("obs_fold_in_transfer_encoding",
                post("Content-Length: 4", "Transfer-Encoding:", " chunked", "", "0", "", HIDDEN), refused(400)));
        cases.addAll(both("obs_fold_in_ordinary_header",
                http("GET http://allowed.test:{P}/folded HTTP/1.1", "Host: allowed.test:{P}", "X-Note: first",
                        " continued", "Connection: close", "", ""),
                either(refused(400), forwarded("unfolded, path /folded",
                        (r, port) -> "/folded".equals(r.path()) && !String.valueOf(r.headers().get("X-note")).contains("\n")))));
        // Broken chunked framing.
        cases.addAll(both("chunk_size_not_hex", post("Transfer-Encoding: chunked", "", "zz", "hello", "0", "", ""),
                refused(400)));
        cases.addAll(both("chunk_size_overflows",
                post("Transfer-Encoding: chunked", "", "10000000000000005", "hello", "0", "", ""), refused(400)));
        // Hop-by-hop abuse: Connection may not make a proxy drop the framing, or the body becomes a request.
        cases.addAll(both("connection_lists_content_length",
                post("Content-Length: {LEN}", "Connection: Content-Length, close", "", HIDDEN_FOR_ORIGIN),
                forwarded("only the POST arrived", path("/post"))));
        cases.addAll(both("connection_lists_transfer_encoding",
                post("Transfer-Encoding: chunked", "Connection: Transfer-Encoding, close", "",
                        Integer.toHexString(HIDDEN_FOR_ORIGIN.length()), HIDDEN_FOR_ORIGIN, "0", "", ""),
                forwarded("only the POST arrived", path("/post"))));
        // Bodies and pipelines: a request inside a body is data; a request after a refusal is never read.
        cases.addAll(both("request_inside_a_body_is_data",
                post("Content-Length: {LEN}", "Connection: close", "", HIDDEN), forwarded("only the POST", path("/post"))));
        cases.addAll(both("pipelined_request_to_evil_after_allowed",
                http("GET http://allowed.test:{P}/first HTTP/1.1", "Host: allowed.test:{P}", "", HIDDEN),
                forwarded("only /first", path("/first"))));
        cases.addAll(both("pipelined_request_after_refusal_is_not_read",
                http("GET http://evil.test:{P}/refused HTTP/1.1", "Host: evil.test:{P}", "",
                        "GET http://allowed.test:{P}/after-refusal HTTP/1.1", "Host: allowed.test:{P}", "", ""),
                refused(403)));
        cases.addAll(both("bytes_after_refused_connect_are_not_read",
                http("CONNECT evil.test:{P} HTTP/1.1", "Host: evil.test:{P}", "",
                        "GET http://allowed.test:{P}/after-connect HTTP/1.1", "Host: allowed.test:{P}", "", ""),
                refused(403)));
        return cases;
    }
}
