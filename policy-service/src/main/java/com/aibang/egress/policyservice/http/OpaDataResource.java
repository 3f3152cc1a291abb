package com.aibang.egress.policyservice.http;

import com.aibang.egress.policyservice.decision.DecisionService;
import com.aibang.egress.policyservice.decision.DecisionService.Evaluation;
import com.aibang.egress.policyservice.decisionlog.DecisionLogUnavailableException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * OPA's REST Data API subset: {@code POST /v1/data/{path}} with {@code {"input": ...}} and
 * {@code GET /v1/data/{path}}, answering {@code {"result": ..., "decision_id": ...}} ({@code result}
 * absent when undefined), so tools written for OPA can query this service.
 */
@Path("/v1/data")
@Produces(MediaType.APPLICATION_JSON)
public class OpaDataResource {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final DecisionService decisions;

    OpaDataResource(DecisionService decisions) {
        this.decisions = decisions;
    }

    @GET
    @Path("{path: .*}")
    public Response get(@PathParam("path") String path, @Context UriInfo uri) {
        return answer(path, null, wantsProvenance(uri));
    }

    @POST
    @Path("{path: .*}")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    public Response post(@PathParam("path") String path, @Context UriInfo uri, String body) {
        Object input = null;
        if (body != null && !body.isBlank()) {
            Object request;
            try {
                request = JSON.readValue(body, Object.class);
            } catch (JsonProcessingException e) {
                return error(Response.Status.BAD_REQUEST, "invalid_parameter",
                        "request body is not valid JSON: " + e.getOriginalMessage());
            }
            if (!(request instanceof Map<?, ?> document)) {
                return error(Response.Status.BAD_REQUEST, "invalid_parameter",
                        "request body must be an object like {\"input\": ...}");
            }
            input = document.get("input");
        }
        return answer(path, input, wantsProvenance(uri));
    }

    /** OPA accepts a bare {@code ?provenance} as well as {@code ?provenance=true}. */
    private static boolean wantsProvenance(UriInfo uri) {
        String value = uri.getQueryParameters().getFirst("provenance");
        return uri.getQueryParameters().containsKey("provenance") && !"false".equals(value);
    }

    /** @param provenance add OPA's {@code provenance} object naming the policy revision that answered */
    private Response answer(String path, Object input, boolean provenance) {
        String ref;
        try {
            ref = DataPaths.toRef(path);
        } catch (IllegalArgumentException e) {
            return error(Response.Status.BAD_REQUEST, "invalid_parameter", e.getMessage());
        }
        Evaluation evaluation;
        try {
            evaluation = decisions.query(ref, input);
        } catch (DecisionLogUnavailableException e) {
            // Unlogged answers are never given; 503 tells OPA clients to retry.
            return error(Response.Status.SERVICE_UNAVAILABLE, "unavailable", e.getMessage());
        }
        if (evaluation.error() != null) {
            return error(Response.Status.INTERNAL_SERVER_ERROR, "internal_error", evaluation.error());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        evaluation.result().ifPresent(result -> body.put("result", result));
        body.put("decision_id", evaluation.decisionId());
        if (provenance) {
            body.put("provenance", Map.of("revision", evaluation.revision()));
        }
        return json(Response.Status.OK, body);
    }

    private static Response error(Response.Status status, String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("message", message);
        return json(status, body);
    }

    /** Serialised here so numbers keep every digit (BigDecimal written plain, not via a shared mapper). */
    private static Response json(Response.Status status, Map<String, Object> body) {
        try {
            return Response.status(status).entity(JSON.writeValueAsString(body)).type(MediaType.APPLICATION_JSON).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response cannot be serialised: " + e.getOriginalMessage(), e);
        }
    }
}
