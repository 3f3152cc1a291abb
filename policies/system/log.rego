# Decision log mask (like OPA's system.log.mask): evaluated by the policy-service for every
# decision with {"input": <decision input>, "result": <decision result>}; answers the paths to
# erase ("/input/...") or {"op": "upsert", "path": ..., "value": ...} replacements.
package system.log

import rego.v1

# Query strings can carry credentials (tokens, signatures): log the path without them.
mask contains {"op": "upsert", "path": "/input/destination/path", "value": concat("?", [parts[0], "REDACTED"])} if {
	parts := split(input.input.destination.path, "?")
	count(parts) > 1
}
