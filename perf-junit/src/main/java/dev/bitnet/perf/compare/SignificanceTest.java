package dev.bitnet.perf.compare;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Locale;
import org.apiguardian.api.API;

/**
 * {@code SignificanceTest} names the two-sample test whose p-value decides significance.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public enum SignificanceTest {
    /** Welch's unequal-variances t-test (always reported beside the chosen test). */
    WELCH("welch"),
    /** Student's t-test with pooled variance. */
    STUDENT("student"),
    /**
     * Mann-Whitney U test (the default); robust to outliers, needs no normality, and tests the
     * same thing as the interval of the median's change that significance also requires: a shift
     * of the bulk of the values. A t-test on means is not robust: one stalled iteration in the
     * baseline inflates its variance so much that a 10% shift of every other value stays
     * "insignificant".
     */
    MANN_WHITNEY("mann-whitney");

    private final String cliName;

    SignificanceTest(String cliName) {
        this.cliName = cliName;
    }

    /** The name used on the command line and in configuration: {@code welch}, {@code student}, {@code mann-whitney}. */
    public String cliName() {
        return cliName;
    }

    /** Parses a CLI or configuration name; case-insensitive, {@code _} and {@code -} alike. */
    public static SignificanceTest parse(String name) {
        String normalised = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (SignificanceTest test : values()) {
            if (test.cliName.equals(normalised) || (test == MANN_WHITNEY && normalised.equals("mannwhitney"))) {
                return test;
            }
        }
        throw new IllegalArgumentException("significance test must be one of [welch, student, mann-whitney] but was: " + name);
    }
}
