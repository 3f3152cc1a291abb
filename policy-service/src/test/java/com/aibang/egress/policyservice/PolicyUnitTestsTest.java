package com.aibang.egress.policyservice;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.rego.RegoPolicy;
import com.aibang.egress.rego.RegoTestRunner;
import com.aibang.egress.rego.TestResult;
import com.aibang.egress.rego.bundle.PolicyBundle;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Runs every test_* rule under ../policies with our interpreter and prints an `opa test -v` style report. */
class PolicyUnitTestsTest {

    @Test
    void everyRegoUnitTestPasses() {
        PolicyBundle bundle = PolicyBundle.load(Path.of("../policies"));
        RegoPolicy policy = bundle.compile();

        List<TestResult> results = RegoTestRunner.run(policy, null);

        StringBuilder report = new StringBuilder();
        String file = null;
        for (TestResult result : results) {
            if (!result.file().equals(file)) {
                file = result.file();
                report.append(file).append(":\n");
            }
            report.append(String.format(Locale.ROOT, "%s: %s (%.3fms)%n",
                    result.name(), result.status(), result.nanos() / 1_000_000.0));
            if (result.status() != TestResult.Status.PASS && result.detail() != null && !result.detail().isEmpty()) {
                report.append("  ").append(result.detail().replace("\n", "\n  ")).append('\n');
            }
        }
        long passed = results.stream().filter(r -> r.status() == TestResult.Status.PASS).count();
        report.append("-".repeat(80)).append('\n');
        if (passed == results.size()) {
            report.append("PASS: ").append(passed).append('/').append(results.size());
        } else {
            report.append("PASS: ").append(passed).append('/').append(results.size())
                    .append("\nFAIL: ").append(results.size() - passed).append('/').append(results.size());
        }
        System.out.println("Rego unit tests (revision " + bundle.shortRevision() + "):\n" + report);

        assertFalse(results.isEmpty(), "no test_* rules found under ../policies");
        assertTrue(passed == results.size(), "Rego unit tests failed:\n" + report);
    }
}
