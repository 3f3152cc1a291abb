package com.aibang.egress.policyservice.http;

import com.aibang.egress.decisionlog.DecisionLogFields;
import com.aibang.egress.decisionlog.InputFields;
import com.aibang.egress.policyservice.decision.RecentDecisions;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * {@code GET /v1/decisions}: the retained (most recent, masked) decision log entries, newest first,
 * filtered by tier, request_id, namespace, destination host, allow and reason substring. Answers
 * {@code {"result": [entries]}}. Only entries of this instance since its start are retained.
 */
@Path("/v1/decisions")
@Produces(MediaType.APPLICATION_JSON)
public class DecisionQueryResource {

    private static final int MAX_LIMIT = 10_000;

    private final RecentDecisions recent;

    DecisionQueryResource(RecentDecisions recent) {
        this.recent = recent;
    }

    @GET
    public Response find(@QueryParam("tier") String tier, @QueryParam("request_id") String requestId,
            @QueryParam("namespace") String namespace, @QueryParam("destination") String destination,
            @QueryParam("allow") String allow, @QueryParam("reason") String reason,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            return Response.status(Response.Status.BAD_REQUEST)
                    .entity(Map.of("code", "invalid_parameter", "message", "limit must be 1.." + MAX_LIMIT)).build();
        }
        if (allow != null && !allow.equals("true") && !allow.equals("false")) {
            return Response.status(Response.Status.BAD_REQUEST)
                    .entity(Map.of("code", "invalid_parameter", "message", "allow must be true or false")).build();
        }
        Predicate<Map<String, Object>> filter = entry -> matches(tier, entry.get(DecisionLogFields.TIER))
                && matches(requestId, entry.get(DecisionLogFields.REQUEST_ID))
                && matches(namespace, field(entry, InputFields.SOURCE, InputFields.SOURCE_NAMESPACE))
                && matches(destination, field(entry, InputFields.DESTINATION, InputFields.DEST_HOST))
                && (allow == null || allow.equals(String.valueOf(entry.get(DecisionLogFields.ALLOW))))
                && (reason == null || String.valueOf(entry.get(DecisionLogFields.REASON)).contains(reason));
        List<Map<String, Object>> found = recent.find(filter, limit);
        return Response.ok(Map.of("result", found)).build();
    }

    private static boolean matches(String wanted, Object actual) {
        return wanted == null || Objects.equals(wanted, actual);
    }

    private static Object field(Map<String, Object> entry, String object, String key) {
        return entry.get(DecisionLogFields.INPUT) instanceof Map<?, ?> input && input.get(object) instanceof Map<?, ?> inner
                ? inner.get(key) : null;
    }
}
