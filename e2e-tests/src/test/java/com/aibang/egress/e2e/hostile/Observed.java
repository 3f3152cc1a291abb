package com.aibang.egress.e2e.hostile;

import com.aibang.egress.e2e.RecordingUpstream;
import java.util.List;
import java.util.Locale;

/**
 * What one hostile case produced.
 *
 * @param port the port every test upstream listens on (what {@code {P}} stands for)
 * @param status status of the first response the proxy sent, -1 when it closed without answering
 * @param response the proxy's response bytes (truncated), for failure messages
 * @param reachedAllowed requests the allowed upstream received during the case
 * @param reachedEvil requests the evil upstream received during the case
 * @param reachedLoopback requests the catch-all upstream on 127.0.0.1 received during the case
 */
record Observed(int port, int status, String response, List<RecordingUpstream.Received> reachedAllowed,
        List<RecordingUpstream.Received> reachedEvil, List<RecordingUpstream.Received> reachedLoopback) {

    /** The first response is a refusal of ours (it names the tier), not an upstream's own error page. */
    boolean refusedByProxy() {
        int headEnd = response.indexOf("\r\n\r\n");
        String head = (headEnd < 0 ? response : response.substring(0, headEnd)).toLowerCase(Locale.ROOT);
        return head.contains("\nx-proxy-tier:") || head.contains("\n< x-proxy-tier:");
    }

    @Override
    public String toString() {
        return "status " + status + ", allowed upstream got " + reachedAllowed + ", evil upstream got " + reachedEvil
                + ", 127.0.0.1 upstream got " + reachedLoopback + "\nresponse:\n" + response;
    }
}
