package com.aibang.egress.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-built JSON line is exactly what Jackson's generator writes for the same fields. */
class AccessLineJsonTest {

    private static final JsonFactory JSON = new JsonFactory();

    @Test
    void escapesLikeJackson() throws IOException {
        String[] values = {"", "plain", "quote\"back\\slash", "ctl\b\t\n\f\r\u0000\u0001\u001f end", "del\u007f",
            "unicode é ü 漢字 \ud83d\ude00", "lone surrogate \ud800 x", "slash / and </script>", null};
        for (String value : values) {
            String ours = new AccessLineJson().string("k", value).string("other \"name\"\n", "v").end();
            assertEquals(jackson(value), ours, "value " + value);
        }
    }

    @Test
    void randomStringsMatchJackson() throws IOException {
        Random random = new Random(42);
        for (int i = 0; i < 5000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(20);
            for (int j = 0; j < length; j++) {
                text.append((char) (random.nextBoolean() ? random.nextInt(0x80) : random.nextInt(0x10000)));
            }
            String value = text.toString();
            assertEquals(jackson(value), new AccessLineJson().string("k", value).string("other \"name\"\n", "v").end());
        }
    }

    @Test
    void timestampsMatchInstantToString() throws IOException {
        long[] samples = {0, 1, 999, 1000, 1001, 1_764_169_432_000L, 1_764_169_432_123L, 1_764_169_432_010L,
            -1, -1001, 253_402_300_799_999L, 253_402_300_800_000L};
        for (long millis : samples) {
            String line = new AccessLineJson().instant("ts", millis).number("n", millis).end();
            assertEquals(Instant.ofEpochMilli(millis).toString(), new ObjectMapper().readTree(line).get("ts").asText());
            assertEquals(jacksonInstant(millis), line);
        }
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            long millis = 1_700_000_000_000L + random.nextInt(100_000_000);
            assertEquals(jacksonInstant(millis), new AccessLineJson().instant("ts", millis).number("n", millis).end());
        }
    }

    @Test
    void wholeAccessLineMatchesJackson() throws IOException {
        AccessEntry entry = new AccessEntry().requestId("r-1").source("10.0.0.1", "ns \"x\"", "sa\n")
                .destination("example.com:443", "CONNECT", true).decision("allow", "policy-service", "d-1")
                .upstream("default", "127.0.0.1:3129").status(200, "ok\u0002").bytes(12, 34)
                .extra(AccessLog.FIELD_SNI, "example.com").extra(AccessLog.FIELD_END, "client_close");
        String line = new AccessLog(ProxyTier.EDGE, AccessLog.Format.JSON).json(entry);
        var tree = new ObjectMapper().readTree(line);
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField(AccessLog.FIELD_TIME, Instant.ofEpochMilli(entry.startMillis).toString());
            g.writeNumberField(AccessLog.FIELD_DURATION_MS, tree.get(AccessLog.FIELD_DURATION_MS).asLong());
            g.writeStringField(AccessLog.FIELD_REQUEST_ID, "r-1");
            g.writeStringField(AccessLog.FIELD_TIER, ProxyTier.EDGE.label());
            g.writeStringField(AccessLog.FIELD_SOURCE, "10.0.0.1");
            g.writeStringField(AccessLog.FIELD_NAMESPACE, "ns \"x\"");
            g.writeStringField(AccessLog.FIELD_SERVICE_ACCOUNT, "sa\n");
            g.writeStringField(AccessLog.FIELD_DESTINATION, "example.com:443");
            g.writeStringField(AccessLog.FIELD_METHOD, "CONNECT");
            g.writeStringField(AccessLog.FIELD_DECISION, "allow");
            g.writeStringField(AccessLog.FIELD_DECIDED_BY, "policy-service");
            g.writeStringField(AccessLog.FIELD_DECISION_ID, "d-1");
            g.writeStringField(AccessLog.FIELD_ROUTE, "default");
            g.writeStringField(AccessLog.FIELD_UPSTREAM, "127.0.0.1:3129");
            g.writeNumberField(AccessLog.FIELD_STATUS, 200);
            g.writeStringField(AccessLog.FIELD_REASON, "ok\u0002");
            g.writeNumberField(AccessLog.FIELD_BYTES_UP, 12);
            g.writeNumberField(AccessLog.FIELD_BYTES_DOWN, 34);
            g.writeStringField(AccessLog.FIELD_SNI, "example.com");
            g.writeStringField(AccessLog.FIELD_END, "client_close");
            g.writeEndObject();
        }
        assertEquals(out.toString(), line);
    }

    private static String jackson(String value) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("k", value);
            g.writeStringField("other \"name\"\n", "v");
            g.writeEndObject();
        }
        return out.toString();
    }

    private static String jacksonInstant(long millis) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("ts", Instant.ofEpochMilli(millis).toString());
            g.writeNumberField("n", millis);
            g.writeEndObject();
        }
        return out.toString();
    }
}
