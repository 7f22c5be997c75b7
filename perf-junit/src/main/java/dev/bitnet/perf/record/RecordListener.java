package dev.bitnet.perf.record;

import java.nio.file.Path;
import org.apiguardian.api.API;

/**
 * Told about every record once it has been written, e.g. to update a baseline on request or to
 * collect records for a report. Must be thread-safe: tests may run in parallel. An exception
 * thrown here fails the test it concerns.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
@FunctionalInterface
public interface RecordListener {

    /**
     * @param record the record as written
     * @param file where it was written
     */
    void recorded(PerfRecord record, Path file) throws Exception;
}
