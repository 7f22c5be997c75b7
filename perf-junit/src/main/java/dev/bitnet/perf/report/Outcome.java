package dev.bitnet.perf.report;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * The outcome of one performance test as the reports show it, in the order reports list them:
 * problems first.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public enum Outcome {
    FAILED, ABORTED, PASSED, SKIPPED;

    /** Reads an outcome case-insensitively; unknown text is {@code null}. */
    static @org.jspecify.annotations.Nullable Outcome parse(String text) {
        String upper = text.trim().toUpperCase(java.util.Locale.ROOT);
        switch (upper) {
            case "FAILED": case "FAIL": case "FAILURE": case "ERROR":
                return FAILED;
            case "ABORTED":
                return ABORTED;
            case "PASSED": case "PASS": case "SUCCESSFUL": case "SUCCESS": case "OK":
                return PASSED;
            case "SKIPPED": case "DISABLED":
                return SKIPPED;
            default:
                return null;
        }
    }
}
