package dev.bitnet.perf.baseline;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.nio.file.Path;
import org.apiguardian.api.API;

/**
 * {@code BaselineFormatException} is thrown when a baseline or history file cannot be used:
 * malformed or truncated JSON, an unknown schema version, a missing or mistyped field, empty,
 * NaN or negative samples, or a metric set that differs from the current run. Its message names
 * the file and the field; the file itself is left untouched.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class BaselineFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String field;

    public BaselineFormatException(Path file, String field, String problem) {
        this(file, field, problem, null);
    }

    public BaselineFormatException(Path file, String field, String problem, Throwable cause) {
        super("File [" + file + "] " + (field.isEmpty() ? "" : "field '" + field + "' ") + problem
                + " The file was left unchanged; fix or delete it by hand.", cause);
        this.file = file;
        this.field = field;
    }

    /** The offending file. */
    public Path file() {
        return file;
    }

    /** The offending field as a JSON path such as {@code metrics.latency_ms.samples[3]}; empty for whole-file problems. */
    public String field() {
        return field;
    }
}
