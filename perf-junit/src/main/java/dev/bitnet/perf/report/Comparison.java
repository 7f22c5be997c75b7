package dev.bitnet.perf.report;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A metric's comparison with its baseline, as the reports show it.
 *
 * @param baselineMean    the baseline's mean
 * @param currentMean     this run's mean
 * @param changePercent   relative change in percent, positive when the value grew
 * @param pValue          the test's p-value, {@code NaN} when none
 * @param ciLowPercent    lower end of the 95% interval of the change in percent, {@code NaN} when none
 * @param ciHighPercent   upper end of that interval
 * @param severity        the severity of the change
 * @param baselineSource  where the baseline came from (file, environment class, commit), possibly empty
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record Comparison(double baselineMean, double currentMean, double changePercent, double pValue,
        double ciLowPercent, double ciHighPercent, Severity severity, String baselineSource) {
    public Comparison {
        Objects.requireNonNull(severity, "severity must not be null");
        Objects.requireNonNull(baselineSource, "baselineSource must not be null");
    }
}
