package com.aibang.egress.proxy.ticket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** JWS compact serialisation of {@link TicketClaims}, shared by the signer (tier 1) and verifier (tier 2). */
final class TicketCodec {

    static final String HEADER_ALG = "alg";
    static final String HEADER_TYPE = "typ";
    static final String HEADER_KEY_ID = "kid";
    static final String TYPE = "egress-ticket+jwt";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** The parts of a compact JWS. */
    record Parts(JsonNode header, JsonNode payload, byte[] signingInput, byte[] signature) {
    }

    private TicketCodec() {
    }

    /** {@code base64url(header) + "." + base64url(payload)}, the bytes that get signed. */
    static String signingInput(TicketAlgorithm algorithm, String keyId, TicketClaims claims) {
        ObjectNode header = JSON.createObjectNode().put(HEADER_ALG, algorithm.jwsName()).put(HEADER_TYPE, TYPE);
        if (keyId != null && !keyId.isEmpty()) {
            header.put(HEADER_KEY_ID, keyId);
        }
        ObjectNode payload = JSON.createObjectNode()
                .put(TicketClaims.ISSUER, claims.issuer())
                .put(TicketClaims.SUBJECT, claims.subject())
                .put(TicketClaims.SOURCE_IP, claims.sourceIp())
                .put(TicketClaims.NAMESPACE, claims.namespace())
                .put(TicketClaims.SERVICE_ACCOUNT, claims.serviceAccount())
                .put(TicketClaims.POD, claims.pod())
                .put(TicketClaims.AUTHENTICATED_BY, claims.authenticatedBy())
                .put(TicketClaims.DESTINATION, claims.destination())
                .put(TicketClaims.DECISION_ID, claims.decisionId())
                .put(TicketClaims.REQUEST_ID, claims.requestId())
                .put(TicketClaims.ISSUED_AT, claims.issuedAt().getEpochSecond())
                .put(TicketClaims.EXPIRES_AT, claims.expiresAt().getEpochSecond());
        ObjectNode labels = payload.putObject(TicketClaims.LABELS);
        claims.labels().forEach(labels::put);
        return encode(header) + "." + encode(payload);
    }

    static String encodeSignature(byte[] signature) {
        return ENCODER.encodeToString(signature);
    }

    /** Splits and decodes a compact JWS; says what is wrong when it is not one. */
    static Parts parse(String token) throws InvalidTicketException {
        if (token == null || token.isBlank()) {
            throw new InvalidTicketException("ticket is empty");
        }
        String[] parts = token.trim().split("\\.", -1);
        if (parts.length != 3) {
            throw new InvalidTicketException("ticket is not a compact JWS (expected 3 parts, got " + parts.length + ")");
        }
        try {
            JsonNode header = JSON.readTree(DECODER.decode(parts[0]));
            JsonNode payload = JSON.readTree(DECODER.decode(parts[1]));
            if (header == null || !header.isObject() || payload == null || !payload.isObject()) {
                throw new InvalidTicketException("ticket header and payload must be JSON objects");
            }
            byte[] signingInput = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
            return new Parts(header, payload, signingInput, DECODER.decode(parts[2]));
        } catch (IllegalArgumentException | IOException e) {
            throw new InvalidTicketException("ticket is not valid base64url JSON: " + e.getMessage(), e);
        }
    }

    /** Reads the claims of a verified payload. */
    static TicketClaims claims(JsonNode payload) throws InvalidTicketException {
        Map<String, String> labels = new LinkedHashMap<>();
        JsonNode labelNode = payload.path(TicketClaims.LABELS);
        if (labelNode.isObject()) {
            labelNode.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        }
        return new TicketClaims(text(payload, TicketClaims.ISSUER), text(payload, TicketClaims.SOURCE_IP),
                text(payload, TicketClaims.NAMESPACE), text(payload, TicketClaims.SERVICE_ACCOUNT),
                text(payload, TicketClaims.POD), labels, text(payload, TicketClaims.AUTHENTICATED_BY),
                text(payload, TicketClaims.DESTINATION), text(payload, TicketClaims.DECISION_ID),
                text(payload, TicketClaims.REQUEST_ID), seconds(payload, TicketClaims.ISSUED_AT),
                seconds(payload, TicketClaims.EXPIRES_AT));
    }

    private static String text(JsonNode payload, String name) {
        JsonNode node = payload.get(name);
        return node == null || node.isNull() ? "" : node.asText();
    }

    private static Instant seconds(JsonNode payload, String name) throws InvalidTicketException {
        JsonNode node = payload.get(name);
        if (node == null || !node.canConvertToLong()) {
            throw new InvalidTicketException("ticket claim '" + name + "' is missing or not a number");
        }
        return Instant.ofEpochSecond(node.asLong());
    }

    private static String encode(JsonNode node) {
        try {
            return ENCODER.encodeToString(JSON.writeValueAsBytes(node));
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise ticket JSON", e);
        }
    }
}
