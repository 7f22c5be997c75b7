package dev.bitnet.perf.report;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A record file that could not be read; the reports show it as broken and carry on.
 *
 * @param file    the file's path as given
 * @param problem what is wrong, naming the field where known
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record BrokenRecord(String file, String problem) {
    public BrokenRecord {
        Objects.requireNonNull(file, "file must not be null");
        Objects.requireNonNull(problem, "problem must not be null");
    }
}
