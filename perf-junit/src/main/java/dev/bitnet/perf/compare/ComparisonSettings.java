package dev.bitnet.perf.compare;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * {@code ComparisonSettings} encapsulates how a current sample is compared with a baseline.
 *
 * <p>A change is <em>significant</em> when the chosen test's p-value is below {@code alpha}
 * <strong>and</strong> the bootstrap interval of the relative change of the median lies entirely
 * outside ±{@code noiseBandPercent}. Requiring both keeps a tiny but "significant" shift (many
 * samples) and a large but uncertain one (few noisy samples) from raising alarms.
 *
 * @param alpha significance level in (0, 1); default 0.05
 * @param noiseBandPercent half-width of the band of changes treated as noise, in percent, zero or
 *     more; default 2
 * @param test the test that gives the p-value; default Mann-Whitney U ({@link SignificanceTest#MANN_WHITNEY}
 *     says why), Welch's p-value is reported beside it
 * @param confidenceLevel level of the bootstrap interval in (0, 1); default 0.95
 * @param bootstrapResamples bootstrap resamples, at least 100; default 10 000
 * @param seed seed of the bootstrap's random generator
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record ComparisonSettings(
        double alpha,
        double noiseBandPercent,
        SignificanceTest test,
        double confidenceLevel,
        int bootstrapResamples,
        long seed) {

    public static final double DEFAULT_ALPHA = 0.05;
    public static final double DEFAULT_NOISE_BAND_PERCENT = 2.0;
    public static final double DEFAULT_CONFIDENCE_LEVEL = 0.95;
    public static final SignificanceTest DEFAULT_TEST = SignificanceTest.MANN_WHITNEY;

    public ComparisonSettings {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must lie in (0, 1): " + alpha);
        }
        if (!(noiseBandPercent >= 0) || Double.isInfinite(noiseBandPercent)) {
            throw new IllegalArgumentException("noiseBandPercent must be a finite number of zero or more: " + noiseBandPercent);
        }
        Objects.requireNonNull(test, "test must not be null");
        if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
            throw new IllegalArgumentException("confidenceLevel must lie in (0, 1): " + confidenceLevel);
        }
        if (bootstrapResamples < 100) {
            throw new IllegalArgumentException("bootstrapResamples must be at least 100: " + bootstrapResamples);
        }
    }

    public static ComparisonSettings defaults() {
        return new ComparisonSettings(DEFAULT_ALPHA, DEFAULT_NOISE_BAND_PERCENT, DEFAULT_TEST,
                DEFAULT_CONFIDENCE_LEVEL, Bootstrap.DEFAULT_RESAMPLES, Bootstrap.DEFAULT_SEED);
    }

    public ComparisonSettings withAlpha(double newAlpha) {
        return new ComparisonSettings(newAlpha, noiseBandPercent, test, confidenceLevel, bootstrapResamples, seed);
    }

    public ComparisonSettings withNoiseBandPercent(double newBand) {
        return new ComparisonSettings(alpha, newBand, test, confidenceLevel, bootstrapResamples, seed);
    }

    public ComparisonSettings withTest(SignificanceTest newTest) {
        return new ComparisonSettings(alpha, noiseBandPercent, newTest, confidenceLevel, bootstrapResamples, seed);
    }
}
