package dev.bitnet.perf.verdict;

import java.util.List;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * The verdict on one performance test: the findings of every check and the outcome they add up to.
 *
 * @param outcome passed, failed or errored
 * @param findings every finding, in the order the checks produced them
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Verdict(Outcome outcome, List<Finding> findings) {

    public Verdict {
        findings = List.copyOf(findings);
        boolean anyFailed = findings.stream().anyMatch(f -> f.status() == Status.FAILED);
        if (outcome == Outcome.PASSED && anyFailed) {
            throw new IllegalArgumentException("a verdict with failed findings cannot pass");
        }
        if (outcome == Outcome.FAILED && !anyFailed) {
            throw new IllegalArgumentException("a failed verdict needs at least one failed finding");
        }
    }

    /** FAILED when any finding failed, else PASSED. */
    public static Verdict of(List<Finding> findings) {
        boolean anyFailed = findings.stream().anyMatch(f -> f.status() == Status.FAILED);
        return new Verdict(anyFailed ? Outcome.FAILED : Outcome.PASSED, findings);
    }

    /** The findings that failed. */
    public List<Finding> failures() {
        return findings.stream().filter(f -> f.status() == Status.FAILED).collect(Collectors.toList());
    }

    public boolean passed() {
        return outcome == Outcome.PASSED;
    }

    /**
     * The failure message of a failed verdict: the failed findings' messages, one per line, under
     * a first line naming the test.
     */
    public String failureMessage(String testName) {
        List<Finding> failures = failures();
        if (failures.isEmpty()) {
            return testName + " passed every performance check";
        }
        if (failures.size() == 1) {
            return testName + ": " + failures.get(0).message();
        }
        return testName + " failed " + failures.size() + " performance checks:"
                + failures.stream().map(f -> System.lineSeparator() + "  - " + f.message()).collect(Collectors.joining());
    }
}
