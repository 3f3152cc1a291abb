package com.aibang.egress.egress.sni;

import com.aibang.egress.proxy.AccessEntry;
import com.aibang.egress.proxy.ProxyMetrics;
import com.aibang.egress.proxy.http.TunnelInspector;
import com.aibang.egress.proxy.policy.PolicyGate;
import com.aibang.egress.proxy.target.Target;
import io.netty.channel.ChannelHandler;

/**
 * Tunnel inspector comparing the ClientHello's server name with the CONNECT host.
 *
 * @param metrics counts refusals
 * @param allowNonTlsOn443 let non-TLS bytes through on port 443
 * @param allowMissing let a ClientHello without server name through
 * @param maxHelloBytes most bytes buffered while the ClientHello is incomplete
 * @param recheck when not null, a server name that matches is checked by the policy again (with
 *        {@code destination.sni}) before any byte reaches the destination; no decision closes the tunnel
 */
public record SniCheck(ProxyMetrics metrics, boolean allowNonTlsOn443, boolean allowMissing, int maxHelloBytes,
        PolicyGate recheck) implements TunnelInspector {

    /** Reasons, in the audit line's end field, the X-Proxy-Reason log and the metric's reason tag. */
    public static final String SNI_MISMATCH = "sni_mismatch";
    public static final String SNI_MISSING = "sni_missing";
    public static final String NOT_TLS = "not_tls";
    public static final String MALFORMED = "malformed_client_hello";
    public static final String TOO_LARGE = "client_hello_too_large";
    /** The policy, asked again with the server name, denied the tunnel. */
    public static final String SNI_DENIED = "sni_denied";
    /** The policy could not be asked again with the server name (fail closed). */
    public static final String SNI_NO_DECISION = "sni_no_decision";

    /** Audit field: decision id of the second check, made with the server name. */
    public static final String FIELD_SNI_DECISION_ID = "sni_decision_id";

    static final int HTTPS_PORT = 443;

    public SniCheck {
        if (maxHelloBytes < 512) {
            throw new IllegalArgumentException("egress.sni.max-hello-bytes must be at least 512, got " + maxHelloBytes);
        }
    }

    @Override
    public ChannelHandler inspect(Target target, AccessEntry entry) {
        return new SniInspector(this, target, entry);
    }
}
