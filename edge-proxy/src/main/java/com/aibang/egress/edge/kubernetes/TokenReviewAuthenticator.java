package com.aibang.egress.edge.kubernetes;

import com.aibang.egress.policy.v1.Source;
import com.aibang.egress.proxy.FailureKind;
import com.aibang.egress.proxy.ProxyFailure;
import com.aibang.egress.proxy.policy.RequestAuthenticator;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * {@code Proxy-Authorization: Bearer <service-account token>} checked through the TokenReview API; results
 * (valid or not) are cached briefly by the token's hash. An invalid token is refused (407); an API error
 * fails closed (503).
 */
public final class TokenReviewAuthenticator implements RequestAuthenticator {

    /** Value of {@code source.authenticated_by} for identities from a token. */
    public static final String AUTHENTICATED_BY = "proxy-auth";

    private static final String BEARER = "bearer ";
    private static final String SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";
    private static final String POD_NAME_EXTRA = "authentication.kubernetes.io/pod-name";

    /** A review's outcome: the identity, or why the token is not accepted. */
    private record Review(String namespace, String serviceAccount, String pod, String refusal, Instant until) {
    }

    private final KubernetesClient client;
    private final Executor executor;
    private final Duration cacheTtl;
    private final int maxEntries;
    private final List<String> audiences;
    private final PodIdentityIndex pods;
    private final Clock clock;
    private final ConcurrentHashMap<String, Review> cache = new ConcurrentHashMap<>();

    /**
     * @param pods pod index used to add labels and node when the token's pod holds the source IP; may be null
     */
    public TokenReviewAuthenticator(KubernetesClient client, Executor executor, Duration cacheTtl, int maxEntries,
            List<String> audiences, PodIdentityIndex pods, Clock clock) {
        this.client = client;
        this.executor = executor;
        this.cacheTtl = cacheTtl;
        this.maxEntries = maxEntries;
        this.audiences = List.copyOf(audiences);
        this.pods = pods;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<Optional<Source>> authenticate(String sourceIp, String proxyAuthorization) {
        if (proxyAuthorization == null || !proxyAuthorization.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        String token = proxyAuthorization.substring(BEARER.length()).trim();
        if (token.isEmpty()) {
            return CompletableFuture.failedFuture(refusal("empty bearer token"));
        }
        String key = hash(token);
        Review cached = cache.get(key);
        if (cached != null && clock.instant().isBefore(cached.until())) {
            return CompletableFuture.completedFuture(cached).thenApply(review -> toSource(sourceIp, review));
        }
        return CompletableFuture.supplyAsync(() -> review(token), executor).thenApply(review -> {
            remember(key, review);
            return toSource(sourceIp, review);
        });
    }

    private Optional<Source> toSource(String sourceIp, Review review) {
        if (review.refusal() != null) {
            throw new java.util.concurrent.CompletionException(refusal(review.refusal()));
        }
        Source.Builder source = Source.newBuilder().setIp(sourceIp).setNamespace(review.namespace())
                .setServiceAccount(review.serviceAccount()).setPod(review.pod()).setAuthenticatedBy(AUTHENTICATED_BY);
        if (pods != null) {
            pods.identify(sourceIp).filter(pod -> pod.getNamespace().equals(review.namespace())
                    && pod.getPod().equals(review.pod()))
                    .ifPresent(pod -> source.putAllLabels(pod.getLabelsMap()).setNode(pod.getNode()));
        }
        return Optional.of(source.build());
    }

    private Review review(String token) {
        TokenReview request = new TokenReviewBuilder().withNewSpec().withToken(token)
                .withAudiences(audiences.isEmpty() ? null : audiences).endSpec().build();
        TokenReview answer;
        try {
            answer = client.authentication().v1().tokenReviews().create(request);
        } catch (RuntimeException e) {
            // Not cached: the next request asks again.
            throw new java.util.concurrent.CompletionException(new ProxyFailure(FailureKind.NO_DECISION,
                    "TokenReview failed: " + e.getMessage(), e));
        }
        Instant until = clock.instant().plus(cacheTtl);
        TokenReviewStatus status = answer == null ? null : answer.getStatus();
        if (status == null || !Boolean.TRUE.equals(status.getAuthenticated()) || status.getUser() == null) {
            String why = status == null || status.getError() == null ? "token not authenticated" : status.getError();
            return new Review(null, null, null, "invalid bearer token: " + why, until);
        }
        String username = status.getUser().getUsername();
        String[] parts = username == null ? new String[0] : username.split(":");
        if (!username.startsWith(SERVICE_ACCOUNT_PREFIX) || parts.length != 4) {
            return new Review(null, null, null, "token of '" + username + "' is not a service account's", until);
        }
        Map<String, List<String>> extra = status.getUser().getExtra();
        List<String> pod = extra == null ? null : extra.get(POD_NAME_EXTRA);
        return new Review(parts[2], parts[3], pod == null || pod.isEmpty() ? "" : pod.get(0), null, until);
    }

    private void remember(String key, Review review) {
        if (cache.size() >= maxEntries) {
            Instant now = clock.instant();
            cache.values().removeIf(entry -> !now.isBefore(entry.until()));
            if (cache.size() >= maxEntries) {
                cache.clear();
            }
        }
        cache.put(key, review);
    }

    private static ProxyFailure refusal(String why) {
        return new ProxyFailure(FailureKind.PROXY_AUTH_FAILED, why);
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
