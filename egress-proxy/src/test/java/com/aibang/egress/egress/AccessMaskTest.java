package com.aibang.egress.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.aibang.egress.proxy.AccessEntry;
import com.aibang.egress.proxy.AccessLog;
import com.aibang.egress.proxy.AccessMask;
import com.aibang.egress.proxy.ProxyTier;
import com.aibang.egress.proxy.testing.AccessLogCapture;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The mapping from the policy's mask pointers to audit fields, and an entry that stays erased. */
class AccessMaskTest {

    @Test
    void pointersNameTheFieldsHoldingTheirValueOrAPartOfIt() {
        assertEquals(Set.of(AccessLog.FIELD_LABELS), AccessMask.fieldsErasedBy(List.of("/input/source/labels/team")));
        assertEquals(Set.of(AccessLog.FIELD_PATH), AccessMask.fieldsErasedBy(List.of("/input/destination/path")));
        assertEquals(Set.of("source", "namespace", "service_account", "pod", "labels", "authenticated_by"),
                AccessMask.fieldsErasedBy(List.of("/input/source")));
        assertEquals(Set.of("destination", "upstream", "sni"),
                AccessMask.fieldsErasedBy(List.of("/input/destination/host")));
        assertEquals(Set.of(), AccessMask.fieldsErasedBy(List.of("/input/rate/source_per_minute", "/result/allow",
                "/input/sourcex", "")));
        assertEquals(14, AccessMask.fieldsErasedBy(List.of("/input")).size(), "everything below /input");
    }

    @Test
    void erasedFieldsAreLeftOutEvenWhenSetAfterTheMaskAndAreListed() throws Exception {
        AccessEntry entry = new AccessEntry().requestId("mask-unit").destination("api.test:443", "CONNECT", true)
                .source("10.1.2.3", "payments", "api")
                .extra(AccessLog.FIELD_LABELS, "team=secret-team");
        entry.mask(List.of("/input/source/labels/team", "/input/source/ip"));
        entry.extra(AccessLog.FIELD_LABELS, "team=set-again").extra(AccessLog.FIELD_END, AccessLog.END_COMPLETED)
                .source("10.1.2.3", "payments", "api");
        try (AccessLogCapture log = new AccessLogCapture()) {
            new AccessLog(ProxyTier.EGRESS, AccessLog.Format.JSON).write(entry);
            String text = AuditLines.text(log, "mask-unit");
            JsonNode line = AuditLines.finished(log, "mask-unit");
            assertFalse(text.contains("secret-team") || text.contains("set-again") || text.contains("10.1.2.3"), text);
            assertEquals("-", line.get("source").asText());
            assertEquals("payments", line.get("namespace").asText());
            assertEquals("labels,source", line.get(AccessLog.FIELD_ERASED).asText());
            assertEquals(Set.of("labels", "source"), entry.erased());
        }
    }
}
