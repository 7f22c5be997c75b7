package dev.bitnet.perf.baseline;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * {@code BaselineLookup} is the answer to "is there a baseline for this test in this environment
 * class?": the baseline when there is one, and otherwise what exists instead, so that a report can
 * say so. A baseline of another class is listed, never returned.
 *
 * @param file where the baseline is, or would be
 * @param environmentClass the class that was looked up
 * @param baseline the baseline, {@code null} when missing
 * @param classesWithThisTest other environment classes holding a baseline of this test
 * @param allClasses every environment class under the baseline directory
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record BaselineLookup(
        Path file,
        String environmentClass,
        @Nullable Baseline baseline,
        List<String> classesWithThisTest,
        List<String> allClasses) {

    public BaselineLookup {
        classesWithThisTest = List.copyOf(classesWithThisTest);
        allClasses = List.copyOf(allClasses);
    }

    public Optional<Baseline> found() {
        return Optional.ofNullable(baseline);
    }

    /** A sentence for reports and messages when the baseline is missing. */
    public String describeMissing() {
        StringBuilder text = new StringBuilder("No baseline in environment class [").append(environmentClass)
                .append("] (expected file [").append(file).append("]).");
        if (!classesWithThisTest.isEmpty()) {
            text.append(" Baselines of this test exist for ").append(classesWithThisTest)
                    .append("; a baseline of another environment class is never used.");
        } else if (!allClasses.isEmpty()) {
            text.append(" Environment classes with baselines: ").append(allClasses).append('.');
        }
        text.append(" Record one with -D").append(BaselineSettings.UPDATE_KEY).append("=true.");
        return text.toString();
    }
}
