# Unit tests for the tier-1 rate limit of data.egress.decision (limits in data.limits.rate).
package egress_rate_test

import rego.v1

import data.egress

allowlists := {
	"namespaces": {
		"team-a": {"destinations": [{"host": "a.example.com", "ports": [443]}]},
		"team-r": {"destinations": [{"host": "a.example.com", "ports": [443]}]},
	},
	"tier1_source_cidrs": ["10.0.0.0/8"],
	"exit_blocklist": [],
}

limits := {"rate": {
	"default": {"source_per_minute": 10, "source_destination_per_minute": 5},
	"namespaces": {"team-r": {"source_per_minute": 3, "source_destination_per_minute": 3, "mode": "report"}},
}}

edge_with_rate(namespace, host, source, pair) := d if {
	request := {
		"tier": "edge",
		"source": {"ip": "10.1.1.1", "namespace": namespace, "service_account": "sa"},
		"destination": {"host": host, "port": 443},
		"rate": {"source_per_minute": source, "source_destination_per_minute": pair},
	}
	d := egress.decision with input as request with data.allowlists as allowlists with data.limits as limits
}

test_within_the_default_limit_is_allowed if {
	edge_with_rate("team-a", "a.example.com", 10, 5).allow
}

test_over_the_source_limit_is_denied_with_429 if {
	d := edge_with_rate("team-a", "a.example.com", 11, 1)
	not d.allow
	d.rule == "edge_rate_limit"
	d.status == 429
	d.retry_after_seconds == 60
	d.mode == "enforce"
}

test_over_the_destination_limit_is_denied if {
	d := edge_with_rate("team-a", "a.example.com", 6, 6)
	d.rule == "edge_rate_limit"
	not d.allow
}

test_namespace_limit_overrides_the_default_and_reports_only if {
	d := edge_with_rate("team-r", "a.example.com", 4, 1)
	not d.allow
	d.mode == "report"
	d.route == "default"
	d.rule == "edge_rate_limit"
}

test_a_destination_not_allowed_is_denied_before_rate_is_considered if {
	d := edge_with_rate("team-a", "other.example.com", 100, 100)
	d.rule == "edge_destination_not_allowed"
}

test_without_rate_input_no_limit_applies if {
	request := {
		"tier": "edge",
		"source": {"ip": "10.1.1.1", "namespace": "team-a"},
		"destination": {"host": "a.example.com", "port": 443},
	}
	d := egress.decision with input as request with data.allowlists as allowlists with data.limits as limits
	d.allow
}

test_seed_payments_limit_is_report_only if {
	request := {
		"tier": "edge",
		"source": {"ip": "10.1.1.1", "namespace": "payments"},
		"destination": {"host": "api.stripe.com", "port": 443},
		"rate": {"source_per_minute": 5000, "source_destination_per_minute": 1},
	}
	d := egress.decision with input as request
	d.mode == "report"
	not d.allow
}

test_a_limits_file_without_namespaces_still_enforces_its_default if {
	request := {
		"tier": "edge",
		"source": {"ip": "10.1.1.1", "namespace": "team-a", "service_account": "sa"},
		"destination": {"host": "a.example.com", "port": 443},
		"rate": {"source_per_minute": 11, "source_destination_per_minute": 1},
	}
	only_default := {"rate": {"default": {"source_per_minute": 10, "source_destination_per_minute": 5}}}
	d := egress.decision with input as request with data.allowlists as allowlists with data.limits as only_default
	not d.allow
	d.status == 429
}
