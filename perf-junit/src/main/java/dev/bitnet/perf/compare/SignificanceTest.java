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
    /** Welch's unequal-variances t-test (the default). */
    WELCH("welch"),
    /** Student's t-test with pooled variance. */
    STUDENT("student"),
    /** Mann-Whitney U test; robust to outliers, needs no normality. */
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
