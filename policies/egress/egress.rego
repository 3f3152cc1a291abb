# Egress decision for both proxy tiers. Logic only: the allowlists are data (data.allowlists,
# from policies/allowlists/data.yaml). Query data.egress.decision with the input document of
# DESIGN.md; the answer is an object with allow, reason, rule and, when allowed, route.
package egress

import rego.v1

# Parent pool the edge (tier 1) forwards allowed traffic to.
parent_route := "default"

# The egress (tier 2) connects to the destination itself.
direct_route := "direct"

default decision := {
	"allow": false,
	"reason": "denied: request matched no rule",
	"rule": "default_deny",
}

# One rule with else branches: the tiers exclude each other, so a request stops at its own.
decision := edge_decision if {
	input.tier == "edge"
} else := egress_decision if {
	input.tier == "egress"
} else := denied("unknown_tier", sprintf("denied: unknown tier %v", [input.tier]))

# Tier 1: the caller's namespace must allow the destination, within its rate limit.
edge_decision := denied("edge_unknown_source", sprintf("denied: unknown source %v (no namespace)", [source_ip])) if {
	not input.source.namespace
} else := denied(
	"edge_destination_not_allowed",
	sprintf("denied: namespace %v may not reach %v", [input.source.namespace, destination]),
) if {
	not namespace_allows(input.source.namespace)
} else := rate_limited if {
	rate_exceeded
} else := allowed(
	"edge_namespace_allowlist",
	sprintf("allowed: namespace %v may reach %v", [input.source.namespace, destination]),
	parent_route,
)

# Tier 2: the caller must be a tier-1 proxy, the TLS server name (when the proxy saw one) must
# be the host it asked for, the destination must be allowed for some namespace (tier 1 already
# checked which one) and must not be on the exit blocklist.
egress_decision := denied("egress_source_not_allowed", sprintf("denied: source %v is not a tier-1 source", [source_ip])) if {
	not source_is_tier1
} else := denied(
	"egress_sni_mismatch",
	sprintf("denied: TLS server name %v does not match %v", [input.destination.sni, dest_host]),
) if {
	sni_mismatch
} else := denied("egress_destination_blocked", sprintf("denied: %v is on the exit blocklist", [destination])) if {
	destination_blocked
} else := denied("egress_destination_not_allowed", sprintf("denied: no namespace may reach %v", [destination])) if {
	not some_namespace_allows
} else := allowed_internal("egress_allowlist", sprintf("allowed: %v (internal)", [destination]), direct_route) if {
	destination_internal
} else := allowed("egress_allowlist", sprintf("allowed: %v", [destination]), direct_route)

# "internal": true tells tier 2's SSRF guard that this destination may resolve to loopback,
# private, link-local or similar addresses (which it refuses by default).
allowed_internal(rule, reason, route) := object.union(allowed(rule, reason, route), {"internal": true})

# Destinations security declared internal (data.allowlists.internal_destinations, empty by default).
destination_internal if {
	some entry in object.get(data.allowlists, "internal_destinations", [])
	host_matches(entry.host, dest_host)
	port_listed(entry.ports)
}

denied(rule, reason) := {"allow": false, "reason": reason, "rule": rule}

# --- rate limits (tier 1) ---
# input.rate holds the checks of this workload identity (namespace + service account) in the
# last minute, counted by the policy-service, this one included. Limits are data
# (data.limits.rate): per namespace, else the default; "mode": "report" only logs what it would deny.

# A limits file without "namespaces" still enforces its default (object.get on an undefined
# document would leave rate_limit undefined and silently switch rate limiting off).
rate_limit := object.get(object.get(data.limits.rate, "namespaces", {}), input.source.namespace, data.limits.rate.default)

rate_exceeded if input.rate.source_per_minute > rate_limit.source_per_minute

rate_exceeded if input.rate.source_destination_per_minute > rate_limit.source_destination_per_minute

default rate_limit_mode := "enforce"

rate_limit_mode := rate_limit.mode

# Carries the route so that a report-mode answer can still be let through by the edge.
rate_limited := {
	"allow": false,
	"reason": sprintf(
		"denied: namespace %v is over its rate limit (%v checks/min, %v to %v; limits %v and %v)",
		[
			input.source.namespace, input.rate.source_per_minute, input.rate.source_destination_per_minute,
			destination, rate_limit.source_per_minute, rate_limit.source_destination_per_minute,
		],
	),
	"rule": "edge_rate_limit",
	"route": parent_route,
	"mode": rate_limit_mode,
	"status": 429,
	"retry_after_seconds": 60,
}

allowed(rule, reason, route) := object.union(
	{"allow": true, "reason": reason, "rule": rule, "route": route},
	reuse_allowance,
)

# "cache_ttl" lets the proxies answer an identical request (same source identity, destination,
# method and path) from this decision for that many seconds without asking again. The proxies
# report every reuse back: the policy-service counts it in input.rate (at most a report interval,
# about a second, late) and writes a decision log entry of kind "reuse" for it (the decision id,
# how often, which request ids). Reuse is handed out only while the caller has rate headroom (at
# most half of each limit used), so a caller nearing its limit is asked on every request and the
# limit bites at most one cache_ttl plus one report interval late. Needs input.rate (always sent by
# the policy-service's Check). data.limits.decision_cache_seconds sets the seconds; absent or 0 =
# off. Denials are never reused, so every refused attempt has its own entry.
reuse_allowance := {"cache_ttl": seconds} if {
	seconds := data.limits.decision_cache_seconds
	is_number(seconds)
	seconds > 0
	rate_headroom
} else := {}

# Tier 1: at most half of both rate limits used in the last minute.
rate_headroom if {
	input.tier == "edge"
	input.rate.source_per_minute * 2 <= rate_limit.source_per_minute
	input.rate.source_destination_per_minute * 2 <= rate_limit.source_destination_per_minute
}

# Tier 2 has no rate limit of its own; its reuses are counted and logged all the same.
rate_headroom if {
	input.tier == "egress"
	is_number(input.rate.source_per_minute)
}

default source_ip := "unknown"

source_ip := input.source.ip

default dest_host := ""

dest_host := lower(input.destination.host)

default dest_port := 0

dest_port := input.destination.port

destination := sprintf("%v:%v", [dest_host, dest_port])

# A namespace allows the destination when one of the patterns that can match the host is listed
# for it with the port (or "*"). Looked up by key instead of matching every listed pattern, so a
# decision costs the same with 10 or 10,000 allowlist entries. The exact name is looked up first:
# the wildcard patterns are built only when it is not listed with the port. Each dot of the host
# starts one proper ".<suffix>" (see host_suffixes); the suffixes are cut right where they are
# looked up, with no set of them built per decision.
namespace_allows(ns) if port_listed(namespace_pattern_ports[ns][dest_host])

namespace_allows(ns) if {
	suffixes := namespace_suffix_ports[ns]
	some i in indexof_n(dest_host, ".")
	port_listed(suffixes[substring(dest_host, i, -1)])
}

some_namespace_allows if port_listed(pattern_ports[dest_host])

some_namespace_allows if {
	some i in indexof_n(dest_host, ".")
	port_listed(suffix_ports[substring(dest_host, i, -1)])
}

# namespace -> host pattern (lower case) -> the ports listed for it, from data.allowlists.namespaces.
# It reads only data, so the interpreter builds it once per data revision (not per decision).
namespace_pattern_ports[ns][lower(entry.host)] contains port if {
	some ns, allowlist in data.allowlists.namespaces
	some entry in allowlist.destinations
	some port in entry.ports
}

# The same without the namespace: what tier 2 asks ("does any namespace allow this?").
pattern_ports[pattern] contains port if {
	some patterns in namespace_pattern_ports
	some pattern, ports in patterns
	some port in ports
}

# The wildcard patterns ("*.<suffix>", lower case) by ".<suffix>" -> the ports listed for them:
# per namespace, and for any namespace. Read only data (built once per data revision).
namespace_suffix_ports[ns][substring(pattern, 1, -1)] contains port if {
	some ns, patterns in namespace_pattern_ports
	some pattern, ports in patterns
	startswith(pattern, "*.")
	some port in ports
}

suffix_ports[substring(pattern, 1, -1)] contains port if {
	some pattern, ports in pattern_ports
	startswith(pattern, "*.")
	some port in ports
}

# The patterns that can match dest_host: the host itself and "*.<suffix>" for each proper suffix
# ("a.b.example.com" -> "*.b.example.com", "*.example.com", "*.com"); never "*.<host>" itself, so a
# wildcard does not match its apex. Same meaning as host_matches below. Decisions look the host up
# exactly, then its suffixes in the tables keyed by suffix (no "*" + suffix string built), cutting
# each suffix where it is looked up as host_suffixes does (documentation and tests; not on the
# decision path).
host_patterns := {concat("", ["*", suffix]) | some suffix in host_suffixes} | {dest_host}

# The proper ".<suffix>"es of dest_host: each dot of the host starts one (indexof_n and substring
# both count code points). namespace_allows, some_namespace_allows and destination_blocked cut
# the same suffixes inline.
host_suffixes contains substring(dest_host, i, -1) if {
	some i in indexof_n(dest_host, ".")
}

# Domain fronting: a tunnel opened for one host whose ClientHello names another.
sni_mismatch if lower(input.destination.sni) != dest_host

source_is_tier1 if {
	some cidr in data.allowlists.tier1_source_cidrs
	net.cidr_contains(cidr, input.source.ip)
}

# Loopback and other ranges only a local run needs (dev/policies/ defines them; undefined in production, read
# with a [] default so that a layered directory can add them without a data conflict on tier1_source_cidrs).
source_is_tier1 if {
	some cidr in object.get(data.allowlists, "local_tier1_source_cidrs", [])
	net.cidr_contains(cidr, input.source.ip)
}

# Looked up with the patterns that can match the host, like the allowlists (host_matches below has
# the same meaning, entry by entry).
destination_blocked if {
	some entry in blocklist_by_pattern[dest_host]
	blocks_port(entry)
}

destination_blocked if {
	some i in indexof_n(dest_host, ".")
	some entry in blocklist_by_suffix[substring(dest_host, i, -1)]
	blocks_port(entry)
}

# Exit blocklist entries by host pattern in lower case; reads only data (built once per revision).
blocklist_by_pattern[lower(entry.host)] contains entry if {
	some entry in data.allowlists.exit_blocklist
}

# The wildcard entries ("*.<suffix>") by ".<suffix>" in lower case (built once per revision).
blocklist_by_suffix[substring(pattern, 1, -1)] contains entry if {
	some pattern, entries in blocklist_by_pattern
	startswith(pattern, "*.")
	some entry in entries
}

blocks_port(entry) if not entry.ports

blocks_port(entry) if port_listed(entry.ports)

# A port list matches the ports it names; "*" in it matches every port.
port_listed(ports) if dest_port in ports

port_listed(ports) if "*" in ports

# For short lists (internal destinations), a pattern is matched directly.
# Exact names match only themselves.
host_matches(pattern, host) if {
	not startswith(pattern, "*.")
	lower(pattern) == host
}

# "*.example.com" matches subdomains at any depth, never the apex "example.com".
host_matches(pattern, host) if {
	startswith(pattern, "*.")
	endswith(host, lower(substring(pattern, 1, -1)))
}
