# Unit tests for the decision log mask (data.system.log.mask).
package system.log_test

import rego.v1

import data.system.log

test_query_string_is_redacted if {
	rules := log.mask with input as {"input": {"destination": {"path": "/callback?code=abc&state=x"}}}
	rules == {{"op": "upsert", "path": "/input/destination/path", "value": "/callback?REDACTED"}}
}

test_path_without_query_is_left_alone if {
	rules := log.mask with input as {"input": {"destination": {"path": "/plain"}}}
	count(rules) == 0
}

test_connect_without_path_is_left_alone if {
	rules := log.mask with input as {"input": {"destination": {"host": "a.example.com"}}}
	count(rules) == 0
}
