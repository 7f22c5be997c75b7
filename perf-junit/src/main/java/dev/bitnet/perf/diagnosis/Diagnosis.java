package dev.bitnet.perf.diagnosis;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * {@code Diagnosis} says what kind of failure a performance test met, the facts behind it, the
 * environment it ran in, and what to do about it. It is attached to the assertion message, the
 * per-test JSON record and the reports.
 *
 * <p>Invariants: {@code headline} is not blank and {@code actions} is not empty.
 *
 * @param type        the kind of failure, never {@code null}
 * @param headline    one line saying what happened, e.g. "OutOfMemoryError: Java heap space in iteration 3 of 5"
 * @param details     the facts that led to this type (exception chain, measured values), possibly empty
 * @param environment a one-line summary of the environment (class, cores, governor, load), possibly empty
 * @param actions     concrete suggested actions, most specific first
 * @param exceptionType fully qualified class name of the exception that decided the type, if any
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record Diagnosis(
        DiagnosisType type,
        String headline,
        String details,
        String environment,
        List<String> actions,
        @Nullable String exceptionType) {

    public Diagnosis {
        Objects.requireNonNull(type, "type must not be null");
        Objects.requireNonNull(headline, "headline must not be null");
        Objects.requireNonNull(details, "details must not be null");
        Objects.requireNonNull(environment, "environment must not be null");
        if (headline.isBlank()) {
            throw new IllegalArgumentException("headline must not be blank");
        }
        actions = List.copyOf(actions);
        if (actions.isEmpty()) {
            throw new IllegalArgumentException("actions must not be empty for diagnosis " + type);
        }
    }

    /** A diagnosis with the type's default actions, after the given specific ones. */
    public static Diagnosis of(DiagnosisType type, String headline, String details, String environment,
            List<String> specificActions, @Nullable String exceptionType) {
        List<String> actions = new ArrayList<>(specificActions);
        for (String action : type.defaultActions()) {
            if (!actions.contains(action)) {
                actions.add(action);
            }
        }
        return new Diagnosis(type, headline, details, environment, actions, exceptionType);
    }

    /**
     * The multi-line text that goes into an assertion message, e.g.
     *
     * <pre>
     * Diagnosis: MEMORY_EXHAUSTION (Memory exhaustion): OutOfMemoryError: Java heap space in iteration 3 of 5
     *   Details: ...
     *   Environment: ...
     *   Suggested actions:
     *   - ...
     * </pre>
     */
    public String toMessage() {
        StringBuilder text = new StringBuilder()
                .append("Diagnosis: ").append(type.name()).append(" (").append(type.title()).append("): ")
                .append(headline);
        if (!details.isBlank()) {
            text.append(System.lineSeparator()).append("  Details: ").append(details);
        }
        if (!environment.isBlank()) {
            text.append(System.lineSeparator()).append("  Environment: ").append(environment);
        }
        text.append(System.lineSeparator()).append("  Suggested actions:");
        for (String action : actions) {
            text.append(System.lineSeparator()).append("  - ").append(action);
        }
        return text.toString();
    }
}
