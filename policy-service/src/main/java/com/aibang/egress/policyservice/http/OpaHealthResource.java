package com.aibang.egress.policyservice.http;

import com.aibang.egress.policyservice.engine.PolicyEngine;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** OPA's {@code GET /health}: 200 {@code {}} once a compiled policy is serving (or the engine is external OPA). */
@Path("/health")
@Produces(MediaType.APPLICATION_JSON)
public class OpaHealthResource {

    private final PolicyEngine engine;

    OpaHealthResource(PolicyEngine engine) {
        this.engine = engine;
    }

    @GET
    public Response health() {
        if (engine.canDecide()) {
            return Response.ok("{}").build();
        }
        return Response.status(Response.Status.INTERNAL_SERVER_ERROR)
                .entity("{\"error\":\"no compiled policy\"}").build();
    }
}
