package com.aibang.egress.egress;

import com.aibang.egress.proxy.AccessLog;
import com.aibang.egress.proxy.testing.AccessLogCapture;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;

/** Finds audit lines in a capture; lines are written off the event loop, so it waits for them. */
final class AuditLines {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditLines() {
    }

    /** The first line with {@code request_id} equal to the given id and an {@code end}, waiting for it. */
    static JsonNode finished(AccessLogCapture log, String requestId) throws Exception {
        for (int i = 0; i < 500; i++) {
            AccessLog.awaitWritten(Duration.ofSeconds(5));
            for (String line : log.lines()) {
                JsonNode node = JSON.readTree(line);
                if (requestId.equals(node.path(AccessLog.FIELD_REQUEST_ID).asText()) && node.has(AccessLog.FIELD_END)) {
                    return node;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no finished audit line for request " + requestId + " in " + log.lines());
    }

    /** The raw text of that line. */
    static String text(AccessLogCapture log, String requestId) throws Exception {
        JsonNode line = finished(log, requestId);
        return JSON.writeValueAsString(line);
    }
}
