package com.aibang.egress.policyctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Entries retained by a running policy-service: {@code GET <URL>/v1/decisions?...} answering
 * {@code {"result": [entries newest first]}} (policy-service's DecisionQueryResource). Fetched
 * once, handed out oldest first. These entries carry no prev_hash: the chain is only in the files.
 */
final class ServiceSource implements DecisionSource {
  static final String PATH = "/v1/decisions";
  /** Query parameters of GET /v1/decisions. */
  static final String PARAM_TIER = "tier";
  static final String PARAM_REQUEST_ID = "request_id";
  static final String PARAM_NAMESPACE = "namespace";
  static final String PARAM_DESTINATION = "destination";
  static final String PARAM_ALLOW = "allow";
  static final String PARAM_LIMIT = "limit";
  /** The service's largest accepted limit. */
  static final int MAX_LIMIT = 10_000;
  private static final String RESULT = "result";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the service filters itself (null = no filter). */
  record Query(String tier, String requestId, String namespace, String host, Boolean allow, int limit) {}

  private final URI uri;
  private List<DecisionEntry> entries;

  ServiceSource(String baseUrl, Query query) throws UsageException {
    this.uri = uri(baseUrl, query);
  }

  URI uri() { return uri; }

  private static URI uri(String baseUrl, Query query) throws UsageException {
    URI base;
    try {
      base = URI.create(baseUrl);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--server " + baseUrl + ": not a URL: " + e.getMessage());
    }
    if (!("http".equals(base.getScheme()) || "https".equals(base.getScheme())) || base.getHost() == null
        || base.getQuery() != null) {
      throw new UsageException("--server " + baseUrl + ": expected http(s)://HOST:PORT (the service's HTTP port, 8181 by default)");
    }
    String path = base.getPath() == null ? "" : base.getPath().replaceAll("/+$", "");
    if (!path.endsWith(PATH)) {
      path = path + PATH;
    }
    Map<String, String> params = new LinkedHashMap<>();
    put(params, PARAM_TIER, query.tier());
    put(params, PARAM_REQUEST_ID, query.requestId());
    put(params, PARAM_NAMESPACE, query.namespace());
    put(params, PARAM_DESTINATION, query.host());
    put(params, PARAM_ALLOW, query.allow() == null ? null : query.allow().toString());
    put(params, PARAM_LIMIT, Integer.toString(query.limit()));
    StringBuilder q = new StringBuilder();
    params.forEach((k, v) -> q.append(q.length() == 0 ? "?" : "&").append(k).append('=')
        .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    String authority = base.getRawAuthority();
    return URI.create(base.getScheme() + "://" + authority + path + q);
  }

  private static void put(Map<String, String> params, String name, String value) {
    if (value != null) {
      params.put(name, value);
    }
  }

  @Override
  public void forEach(Consumer<DecisionEntry> visitor) throws SourceException {
    if (entries == null) {
      entries = fetch();
    }
    entries.forEach(visitor);
  }

  private List<DecisionEntry> fetch() throws SourceException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", "application/json").GET().build();
    HttpResponse<String> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (ConnectException e) {
      throw new SourceException(uri + ": cannot reach the service: connection refused");
    } catch (IOException e) {
      throw new SourceException(uri + ": cannot reach the service: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SourceException(uri + ": interrupted");
    }
    if (response.statusCode() != 200) {
      throw new SourceException(uri + ": HTTP " + response.statusCode() + ": " + abbreviate(response.body()));
    }
    JsonNode result;
    try {
      result = JSON.readTree(response.body()).get(RESULT);
    } catch (IOException e) {
      throw new SourceException(uri + ": answer is not JSON: " + abbreviate(response.body()));
    }
    if (result == null || !result.isArray()) {
      throw new SourceException(uri + ": answer has no \"" + RESULT + "\" array: " + abbreviate(response.body()));
    }
    List<DecisionEntry> found = new ArrayList<>();
    for (JsonNode node : result) {
      try {
        found.add(DecisionEntry.of(node));
      } catch (IllegalArgumentException e) {
        throw new SourceException(uri + ": an entry is " + e.getMessage() + ": " + abbreviate(node.toString()));
      }
    }
    Collections.reverse(found); // the service answers newest first
    return found;
  }

  private static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }

  @Override
  public long unreadable() { return 0; }
}
