package com.aibang.egress.policyservice.engine;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Sends evaluation to an external OPA server (or another policy-service) over OPA's Data API:
 * {@code POST <url>/v1/data/<path>?provenance} with {@code {"input": ...}}. Timeouts, transport
 * errors and non-200 answers come back as errors, which the caller turns into a deny (fail closed).
 * The revision is the server's provenance revision when it reports one, else "opa".
 */
public final class OpaHttpEvaluator implements PolicyEvaluator {

    public static final String NAME = "opa";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private final URI base;
    private final Duration timeout;
    private final HttpClient client;

    public OpaHttpEvaluator(String url, Duration timeout) {
        URI parsed = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        if (!"http".equals(parsed.getScheme()) && !"https".equals(parsed.getScheme())) {
            throw new IllegalArgumentException("policy.opa.url must be an http(s) URL, got: " + url);
        }
        this.base = parsed;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** "data.egress.decision" -> "egress/decision"; only dotted identifiers are supported. */
    static String urlPath(String ref) {
        if (!ref.equals("data") && !ref.matches("data(\\.[A-Za-z_][A-Za-z0-9_]*)+")) {
            throw new IllegalArgumentException("cannot send reference " + ref + " to OPA: use data.a.b form");
        }
        return ref.equals("data") ? "" : ref.substring("data.".length()).replace('.', '/');
    }

    @Override
    public Evaluated evaluate(String ref, Object input) {
        try {
            Map<String, Object> body = new LinkedHashMap<>();
            if (input != null) {
                body.put("input", input);
            }
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/data/" + urlPath(ref) + "?provenance"))
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                    .build();
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                return Evaluated.failed(NAME, "OPA at " + base + " answered HTTP " + response.statusCode() + ": "
                        + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
            }
            Object answer = JSON.readValue(response.body(), Object.class);
            if (!(answer instanceof Map<?, ?> document)) {
                return Evaluated.failed(NAME, "OPA at " + base + " answered something other than a JSON object");
            }
            return new Evaluated(Optional.ofNullable(document.get("result")), revisionOf(document), null);
        } catch (HttpTimeoutException e) {
            return Evaluated.failed(NAME, "OPA at " + base + " did not answer within " + timeout.toMillis() + " ms");
        } catch (JsonProcessingException e) {
            return Evaluated.failed(NAME, "OPA at " + base + " answered invalid JSON: " + e.getOriginalMessage());
        } catch (IOException | IllegalArgumentException e) {
            return Evaluated.failed(NAME, "OPA at " + base + " unreachable: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Evaluated.failed(NAME, "interrupted while asking OPA at " + base);
        }
    }

    private static String revisionOf(Map<?, ?> document) {
        if (document.get("provenance") instanceof Map<?, ?> provenance
                && provenance.get("revision") instanceof String revision && !revision.isEmpty()) {
            return revision;
        }
        return NAME;
    }

    @Override
    public String currentRevision() {
        return NAME;
    }

    @Override
    public String engineName() {
        return NAME;
    }

    @Override
    public boolean blocking() {
        return true;
    }

    public String url() {
        return base.toString();
    }
}
