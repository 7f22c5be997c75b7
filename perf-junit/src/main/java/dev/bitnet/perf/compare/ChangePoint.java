package dev.bitnet.perf.compare;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * {@code ChangePoint} marks where the level of a history series shifts.
 *
 * @param index index of the first value after the shift
 * @param meanBefore mean of the segment before the shift
 * @param meanAfter mean of the segment after the shift
 * @param changePercent relative change of the mean, after versus before, in percent
 * @param pValue permutation-test p-value of the shift within its segment
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record ChangePoint(int index, double meanBefore, double meanAfter, double changePercent, double pValue) {
    public ChangePoint {
        if (index < 1) {
            throw new IllegalArgumentException("change point index must be at least 1: " + index);
        }
    }
}
