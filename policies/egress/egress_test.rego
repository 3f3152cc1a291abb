# Unit tests for data.egress.decision: every allow and deny path of both tiers, first against a
# small fixture allowlist, then a few against the real allowlists/data.yaml.
package egress_test

import rego.v1

import data.egress

fixture := {
	"namespaces": {
		"team-a": {"destinations": [
			{"host": "exact.example.com", "ports": [443]},
			{"host": "*.wild.example", "ports": [443, 8443]},
		]},
		"team-b": {"destinations": [
			{"host": "b.example.org", "ports": [80]},
			{"host": "evil.example.org", "ports": [443]},
			{"host": "any-port.example.net", "ports": ["*"]},
		]},
	},
	"tier1_source_cidrs": ["10.0.0.0/8", "127.0.0.1/32"],
	"exit_blocklist": [
		{"host": "evil.example.org"},
		{"host": "*.wild.example", "ports": [8443]},
	],
}

edge_input(namespace, host, port) := {
	"tier": "edge",
	"request_id": "r-1",
	"source": {"ip": "10.4.2.7", "namespace": namespace, "service_account": "sa"},
	"destination": {"host": host, "port": port, "method": "CONNECT"},
}

egress_input(ip, host, port) := {
	"tier": "egress",
	"request_id": "r-1",
	"source": {"ip": ip},
	"destination": {"host": host, "port": port, "method": "CONNECT"},
}

edge(namespace, host, port) := d if {
	d := egress.decision with input as edge_input(namespace, host, port) with data.allowlists as fixture
}

tier2(ip, host, port) := d if {
	d := egress.decision with input as egress_input(ip, host, port) with data.allowlists as fixture
}

# --- tier 1 (edge) ---

test_edge_allows_exact_host if {
	edge("team-a", "exact.example.com", 443) == {
		"allow": true,
		"reason": "allowed: namespace team-a may reach exact.example.com:443",
		"rule": "edge_namespace_allowlist",
		"route": "default",
	}
}

test_edge_allows_wildcard_subdomain if {
	d := edge("team-a", "api.wild.example", 8443)
	d.allow == true
}

test_edge_wildcard_matches_deeper_subdomains if {
	d := edge("team-a", "x.y.wild.example", 443)
	d.allow == true
}

test_edge_wildcard_does_not_match_apex if {
	edge("team-a", "wild.example", 443) == {
		"allow": false,
		"reason": "denied: namespace team-a may not reach wild.example:443",
		"rule": "edge_destination_not_allowed",
	}
}

test_edge_wildcard_does_not_match_lookalike_domain if {
	d := edge("team-a", "notwild.example", 443)
	d.allow == false
}

test_edge_exact_name_does_not_match_subdomain if {
	d := edge("team-a", "sub.exact.example.com", 443)
	d.allow == false
}

test_edge_compares_hosts_case_insensitively if {
	d := edge("team-a", "EXACT.Example.com", 443)
	d.allow == true
}

test_edge_denies_port_not_listed if {
	d := edge("team-a", "exact.example.com", 80)
	d.allow == false
	d.reason == "denied: namespace team-a may not reach exact.example.com:80"
}

test_edge_star_port_allows_every_port if {
	d := edge("team-b", "any-port.example.net", 8080)
	d.allow == true
}

test_edge_denies_destination_of_another_namespace if {
	d := edge("team-a", "b.example.org", 80)
	d.allow == false
	d.rule == "edge_destination_not_allowed"
}

test_edge_denies_namespace_without_allowlist if {
	edge("nobody", "exact.example.com", 443) == {
		"allow": false,
		"reason": "denied: namespace nobody may not reach exact.example.com:443",
		"rule": "edge_destination_not_allowed",
	}
}

test_edge_denies_unknown_source if {
	request := {
		"tier": "edge",
		"source": {"ip": "10.9.9.9"},
		"destination": {"host": "exact.example.com", "port": 443},
	}
	d := egress.decision with input as request with data.allowlists as fixture
	d == {
		"allow": false,
		"reason": "denied: unknown source 10.9.9.9 (no namespace)",
		"rule": "edge_unknown_source",
	}
}

test_edge_denies_missing_destination if {
	request := {"tier": "edge", "source": {"ip": "10.4.2.7", "namespace": "team-a"}}
	d := egress.decision with input as request with data.allowlists as fixture
	d.allow == false
	d.rule == "edge_destination_not_allowed"
}

test_edge_patterns_in_data_compare_case_insensitively if {
	mixed_case := {"namespaces": {"team-c": {"destinations": [{"host": "*.Mixed.Example", "ports": [443]}]}}}
	d := egress.decision with input as edge_input("team-c", "api.mixed.example", 443)
		with data.allowlists as mixed_case
	d.allow == true
}

test_edge_single_label_host_matches_only_its_exact_entry if {
	single := {"namespaces": {"team-c": {"destinations": [{"host": "*.com", "ports": [443]}]}}}
	d := egress.decision with input as edge_input("team-c", "com", 443) with data.allowlists as single
	d.allow == false
}

# --- tier 2 (egress) ---

test_egress_allows_destination_of_any_namespace if {
	tier2("10.1.2.3", "b.example.org", 80) == {
		"allow": true,
		"reason": "allowed: b.example.org:80",
		"rule": "egress_allowlist",
		"route": "direct",
	}
}

test_egress_accepts_loopback_tier1_source if {
	d := tier2("127.0.0.1", "exact.example.com", 443)
	d.allow == true
}

test_egress_denies_source_outside_tier1_ranges if {
	tier2("192.168.1.5", "exact.example.com", 443) == {
		"allow": false,
		"reason": "denied: source 192.168.1.5 is not a tier-1 source",
		"rule": "egress_source_not_allowed",
	}
}

test_egress_denies_other_loopback_addresses if {
	d := tier2("127.0.0.2", "exact.example.com", 443)
	d.allow == false
}

test_egress_denies_missing_source_ip if {
	request := {"tier": "egress", "destination": {"host": "exact.example.com", "port": 443}}
	d := egress.decision with input as request with data.allowlists as fixture
	d.allow == false
	d.reason == "denied: source unknown is not a tier-1 source"
}

test_egress_denies_sni_that_differs_from_the_host if {
	request := {
		"tier": "egress",
		"source": {"ip": "10.1.2.3"},
		"destination": {"host": "exact.example.com", "port": 443, "sni": "evil.example.org"},
	}
	d := egress.decision with input as request with data.allowlists as fixture
	d == {
		"allow": false,
		"reason": "denied: TLS server name evil.example.org does not match exact.example.com",
		"rule": "egress_sni_mismatch",
	}
}

test_egress_allows_matching_sni if {
	request := {
		"tier": "egress",
		"source": {"ip": "10.1.2.3"},
		"destination": {"host": "exact.example.com", "port": 443, "sni": "Exact.Example.com"},
	}
	d := egress.decision with input as request with data.allowlists as fixture
	d.allow == true
}

test_egress_blocklist_without_ports_blocks_every_port if {
	tier2("10.1.2.3", "evil.example.org", 443) == {
		"allow": false,
		"reason": "denied: evil.example.org:443 is on the exit blocklist",
		"rule": "egress_destination_blocked",
	}
}

test_egress_blocklist_with_ports_blocks_only_those if {
	blocked := tier2("10.1.2.3", "api.wild.example", 8443)
	blocked.rule == "egress_destination_blocked"
	other_port := tier2("10.1.2.3", "api.wild.example", 443)
	other_port.allow == true
}

test_egress_denies_destination_no_namespace_allows if {
	tier2("10.1.2.3", "unlisted.example.net", 443) == {
		"allow": false,
		"reason": "denied: no namespace may reach unlisted.example.net:443",
		"rule": "egress_destination_not_allowed",
	}
}

test_egress_wildcard_matches_deeper_subdomains_but_not_the_apex if {
	tier2("10.1.2.3", "a.b.wild.example", 443).allow == true
	tier2("10.1.2.3", "wild.example", 443).allow == false
}

test_egress_star_port_allows_every_port if {
	tier2("10.1.2.3", "any-port.example.net", 9999).allow == true
}

test_egress_denies_listed_host_on_unlisted_port if {
	tier2("10.1.2.3", "exact.example.com", 8443).rule == "egress_destination_not_allowed"
}

with_rate(request, source, pair) := object.union(request, {"rate": {
	"source_per_minute": source,
	"source_destination_per_minute": pair,
}})

reuse_limits := {
	"rate": {"default": {"source_per_minute": 10, "source_destination_per_minute": 6}, "namespaces": {}},
	"decision_cache_seconds": 5,
}

edge_reuse(source, pair) := d if {
	d := egress.decision with input as with_rate(edge_input("team-a", "exact.example.com", 443), source, pair)
		with data.allowlists as fixture
		with data.limits as reuse_limits
}

test_allow_carries_cache_ttl_well_below_the_rate_limits if {
	d := edge_reuse(1, 1)
	d.allow == true
	d.cache_ttl == 5
}

test_allow_carries_cache_ttl_at_exactly_half_the_rate_limits if {
	edge_reuse(5, 3).cache_ttl == 5
}

test_allow_has_no_cache_ttl_past_half_the_source_limit if {
	d := edge_reuse(6, 1)
	d.allow == true
	not "cache_ttl" in object.keys(d)
}

test_allow_has_no_cache_ttl_past_half_the_destination_limit if {
	d := edge_reuse(2, 4)
	d.allow == true
	not "cache_ttl" in object.keys(d)
}

test_rate_denial_never_carries_cache_ttl if {
	d := edge_reuse(11, 1)
	d.rule == "edge_rate_limit"
	not "cache_ttl" in object.keys(d)
}

test_allow_has_no_cache_ttl_without_rate_counts if {
	d := egress.decision with input as edge_input("team-a", "exact.example.com", 443)
		with data.allowlists as fixture
		with data.limits as reuse_limits
	d.allow == true
	not "cache_ttl" in object.keys(d)
}

test_allow_has_no_cache_ttl_when_reuse_is_off if {
	d := egress.decision with input as with_rate(edge_input("team-a", "exact.example.com", 443), 1, 1)
		with data.allowlists as fixture
		with data.limits as object.remove(reuse_limits, ["decision_cache_seconds"])
	d.allow == true
	not "cache_ttl" in object.keys(d)
}

test_seed_reuse_is_on_for_two_seconds if {
	data.limits.decision_cache_seconds == 2
}

test_denial_never_carries_cache_ttl if {
	d := egress.decision with input as with_rate(edge_input("team-a", "b.example.org", 80), 1, 1)
		with data.allowlists as fixture
		with data.limits as reuse_limits
	d.allow == false
	not "cache_ttl" in object.keys(d)
}

test_egress_allow_carries_cache_ttl_with_rate_counts if {
	d := egress.decision with input as with_rate(egress_input("10.1.2.3", "exact.example.com", 443), 500, 500)
		with data.allowlists as fixture
		with data.limits as reuse_limits
	d.allow == true
	d.cache_ttl == 5
}

test_internal_allow_carries_cache_ttl_when_reuse_is_configured if {
	internal := object.union(fixture, {"internal_destinations": [{"host": "b.example.org", "ports": [80]}]})
	d := egress.decision with input as with_rate(egress_input("10.1.2.3", "b.example.org", 80), 1, 1)
		with data.allowlists as internal
		with data.limits as reuse_limits
	d.internal == true
	d.cache_ttl == 5
}

# --- anything else ---

test_unknown_tier_is_denied if {
	d := egress.decision with input as {"tier": "sidecar"} with data.allowlists as fixture
	d == {"allow": false, "reason": "denied: unknown tier sidecar", "rule": "unknown_tier"}
}

test_missing_tier_gets_default_deny if {
	d := egress.decision with input as {"source": {"ip": "10.1.2.3"}} with data.allowlists as fixture
	d == {"allow": false, "reason": "denied: request matched no rule", "rule": "default_deny"}
}

# --- the real allowlists (policies/allowlists/data.yaml) ---

test_seed_api_namespace_may_reach_login_microsoft if {
	d := egress.decision with input as edge_input("api", "login.microsoft.com", 443)
	d.allow == true
	d.route == "default"
}

test_seed_api_namespace_may_reach_microsoftonline_subdomains if {
	d := egress.decision with input as edge_input("api", "login.microsoftonline.com", 443)
	d.allow == true
}

test_seed_api_namespace_may_not_reach_microsoftonline_apex if {
	d := egress.decision with input as edge_input("api", "microsoftonline.com", 443)
	d.allow == false
}

test_seed_api_namespace_may_not_use_plain_http if {
	d := egress.decision with input as edge_input("api", "login.microsoft.com", 80)
	d.allow == false
}

test_seed_egress_accepts_gke_ranges_for_allowed_destinations if {
	d := egress.decision with input as egress_input("10.20.30.40", "login.microsoft.com", 443)
	d.allow == true
	d.route == "direct"
}

# Only the shipped list (a layered dev/policies/ adds loopback as local_tier1_source_cidrs).
test_seed_egress_refuses_loopback_source if {
	d := egress.decision with input as egress_input("127.0.0.1", "login.microsoft.com", 443)
		with data.allowlists.local_tier1_source_cidrs as []
	d.rule == "egress_source_not_allowed"
}

test_local_tier1_source_cidrs_add_loopback if {
	d := egress.decision with input as egress_input("127.0.0.1", "login.microsoft.com", 443)
		with data.allowlists.local_tier1_source_cidrs as ["127.0.0.1/32"]
	d.allow == true
}

# --- tier 2: destinations declared internal (SSRF guard exemption) ---

internal_fixture := object.union(fixture, {"internal_destinations": [{"host": "exact.example.com", "ports": [443]}]})

test_egress_marks_declared_internal_destination if {
	d := egress.decision with input as egress_input("10.1.2.3", "exact.example.com", 443)
		with data.allowlists as internal_fixture
	d.allow == true
	d.internal == true
}

test_egress_internal_needs_the_listed_port if {
	d := egress.decision with input as egress_input("10.1.2.3", "b.example.org", 80)
		with data.allowlists as internal_fixture
	d.allow == true
	not d.internal
}

test_egress_does_not_mark_undeclared_destination_internal if {
	d := tier2("10.1.2.3", "exact.example.com", 443)
	d.allow == true
	not d.internal
}

test_egress_internal_does_not_allow_by_itself if {
	d := egress.decision with input as egress_input("10.1.2.3", "internal-only.example", 443)
		with data.allowlists as object.union(fixture, {"internal_destinations": [{"host": "internal-only.example", "ports": [443]}]})
	d.allow == false
}

# host_patterns keeps its meaning: the host and "*." + each proper label suffix, computed here the
# long way (split, slice, join) for hosts with odd dots and non-ASCII labels.
patterns_by_labels(host) := {host} | {concat(".", ["*", suffix]) |
	labels := split(host, ".")
	count(labels) > 1
	some i in numbers.range(1, count(labels) - 1)
	suffix := concat(".", array.slice(labels, i, count(labels)))
}

test_host_patterns_are_the_label_suffixes if {
	every host in ["a.b.example.com", "example", "", ".", "a..b", ".lead", "trail.", "ünï.cödé.example", "x.y"] {
		egress.host_patterns == patterns_by_labels(host) with input.destination.host as host
	}
}

# The indexed blocklist check gives what matching every entry with host_matches gives.
blocked_by_matching if {
	some entry in data.allowlists.exit_blocklist
	egress.host_matches(entry.host, egress.dest_host)
	egress.blocks_port(entry)
}

test_blocklist_index_matches_entry_by_entry if {
	blocklist := [
		{"host": "Evil.Example.org"},
		{"host": "*.Wild.example", "ports": [8443]},
		{"host": "*.dot.", "ports": ["*"]},
		{"host": "x.y"},
		{"host": "*.ünï.example"},
	]
	hosts := [
		"evil.example.org", "a.evil.example.org", "wild.example", "a.wild.example", "a.b.wild.example",
		"dot.", "a.dot.", ".dot.", "x.y", "w.x.y", "q.ÜNÏ.example", "ünï.example", "", ".",
	]
	every host in hosts {
		every port in [443, 8443] {
			indexed := {true | egress.destination_blocked} with input.destination as {"host": host, "port": port}
				with data.allowlists.exit_blocklist as blocklist
			matched := {true | blocked_by_matching} with input.destination as {"host": host, "port": port}
				with data.allowlists.exit_blocklist as blocklist
			indexed == matched
		}
	}
}

test_host_patterns_example if {
	egress.host_patterns == {"a.b.example.com", "*.b.example.com", "*.example.com", "*.com"} with input.destination.host as "a.b.example.com"
}
