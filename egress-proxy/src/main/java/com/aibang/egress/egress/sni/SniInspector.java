package com.aibang.egress.egress.sni;

import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.proxy.AccessEntry;
import com.aibang.egress.proxy.AccessLog;
import com.aibang.egress.proxy.http.TunnelQuery;
import com.aibang.egress.proxy.policy.PolicyAnswer;
import com.aibang.egress.proxy.policy.Verdict;
import com.aibang.egress.proxy.target.HostNormalizer;
import com.aibang.egress.proxy.target.InvalidTargetException;
import com.aibang.egress.proxy.target.Target;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Holds a tunnel's first client bytes until they show what the connection is: a ClientHello naming the
 * CONNECT host is passed on (and the inspector leaves) - after the policy, asked again with the server name,
 * allowed it, when that second check is on; anything refused closes the client connection, so the relay
 * closes the upstream without a byte having reached it.
 */
final class SniInspector extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = Logger.getLogger(SniInspector.class);

    private final SniCheck check;
    private final Target target;
    private final AccessEntry entry;
    private CompositeByteBuf held;
    private boolean decided;
    /** The policy is being asked about the server name; bytes arriving meanwhile are held too. */
    private boolean asking;

    SniInspector(SniCheck check, Target target, AccessEntry entry) {
        this.check = check;
        this.target = target;
        this.entry = entry;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (decided || !(msg instanceof ByteBuf bytes)) {
            if (decided) {
                ReferenceCountUtil.release(msg);
            } else {
                ctx.fireChannelRead(msg);
            }
            return;
        }
        if (held == null) {
            held = ctx.alloc().compositeBuffer();
        }
        held.addComponent(true, bytes);
        if (asking) {
            return;
        }
        ClientHelloParser.Result result = ClientHelloParser.parse(held);
        switch (result.kind()) {
            case NEED_MORE -> {
                if (held.readableBytes() > check.maxHelloBytes()) {
                    refuse(ctx, SniCheck.TOO_LARGE, "no complete ClientHello in " + check.maxHelloBytes() + " bytes");
                }
            }
            case NOT_TLS -> {
                if (target.port() == SniCheck.HTTPS_PORT && !check.allowNonTlsOn443()) {
                    refuse(ctx, SniCheck.NOT_TLS, "non-TLS bytes in a tunnel to port 443");
                } else {
                    pass(ctx);
                }
            }
            case MALFORMED -> refuse(ctx, SniCheck.MALFORMED, "the ClientHello cannot be parsed");
            case CLIENT_HELLO -> judge(ctx, result.serverName());
        }
    }

    private void judge(ChannelHandlerContext ctx, String serverName) {
        if (serverName == null) {
            if (check.allowMissing()) {
                pass(ctx);
            } else {
                refuse(ctx, SniCheck.SNI_MISSING, "the ClientHello names no server");
            }
            return;
        }
        entry.extra(AccessLog.FIELD_SNI, serverName);
        String normalised;
        try {
            normalised = HostNormalizer.normalize(serverName);
        } catch (InvalidTargetException | IllegalArgumentException e) {
            refuse(ctx, SniCheck.SNI_MISMATCH, "server name '" + serverName + "' cannot be normalised");
            return;
        }
        if (!normalised.equals(target.host())) {
            refuse(ctx, SniCheck.SNI_MISMATCH, "server name " + normalised + " is not the CONNECT host " + target.host());
        } else if (check.recheck() != null) {
            askPolicy(ctx, normalised);
        } else {
            pass(ctx);
        }
    }

    /** Asks the policy again with the server name (and the connected address); only an allow lets bytes through. */
    private void askPolicy(ChannelHandlerContext ctx, String serverName) {
        CheckRequest query = TunnelQuery.withServerName(ctx.channel(), serverName);
        if (query == null) {
            refuse(ctx, SniCheck.SNI_NO_DECISION, "the tunnel's policy query is not known");
            return;
        }
        long started = System.nanoTime();
        CompletableFuture<PolicyAnswer> answer = decide(query);
        if (answer.isDone() && ctx.executor().inEventLoop()) {
            // Answered at once (a reused decision): no pause of the client's reads, no hop through the task queue.
            answered(ctx, answer, started, false);
            return;
        }
        asking = true;
        ctx.channel().config().setAutoRead(false);
        answer.whenCompleteAsync((decision, error) -> answered(ctx, answer, started, true), ctx.executor());
    }

    private CompletableFuture<PolicyAnswer> decide(CheckRequest query) {
        try {
            return check.recheck().decide(query);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void answered(ChannelHandlerContext ctx, CompletableFuture<PolicyAnswer> answer, long started,
            boolean paused) {
        PolicyAnswer decision = null;
        Throwable error = null;
        try {
            decision = answer.join();
        } catch (RuntimeException e) {
            error = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        }
        check.metrics().decisionLatency(System.nanoTime() - started, error == null && decision != null);
        onPolicyAnswer(ctx, decision, error, paused);
    }

    private void onPolicyAnswer(ChannelHandlerContext ctx, PolicyAnswer answer, Throwable error, boolean paused) {
        asking = false;
        if (decided || !ctx.channel().isActive()) {
            release();
            return;
        }
        Verdict verdict = Verdict.of(answer, error);
        if (answer != null && answer.response() != null) {
            entry.mask(answer.response().getMaskList());
        }
        entry.extra(SniCheck.FIELD_SNI_DECISION_ID, verdict.decisionId());
        if (verdict.allowed()) {
            if (paused) {
                ctx.channel().config().setAutoRead(true);
            }
            pass(ctx);
        } else if (AccessLog.DECISION_NONE.equals(verdict.decision())) {
            refuse(ctx, SniCheck.SNI_NO_DECISION, verdict.reason());
        } else {
            refuse(ctx, SniCheck.SNI_DENIED, "the policy denies this server name: " + verdict.reason());
        }
    }

    private void pass(ChannelHandlerContext ctx) {
        decided = true;
        CompositeByteBuf bytes = held;
        held = null;
        ctx.pipeline().remove(this);
        ctx.fireChannelRead(bytes);
        ctx.fireChannelReadComplete();
    }

    private void refuse(ChannelHandlerContext ctx, String reason, String detail) {
        decided = true;
        release();
        check.metrics().sniRefused(reason);
        entry.extra(AccessLog.FIELD_END, reason);
        entry.status(entry.status(), reason + ": " + detail);
        LOG.warnf("%s: tunnel to %s closed: %s", reason, target.authority(), detail);
        ctx.close();
    }

    private void release() {
        if (held != null) {
            held.release();
            held = null;
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        release();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        release();
        ctx.fireChannelInactive();
    }
}
