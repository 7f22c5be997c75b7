package dev.bitnet.perf.sample;

import org.apiguardian.api.API;

/**
 * The measured code threw. The {@linkplain #getCause() cause} is what it threw; {@link #position()}
 * says in which iteration. The runner stops at the first such failure.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class MeasuredCodeException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Position position;

    public MeasuredCodeException(String testName, Position position, Throwable cause) {
        super(testName + " threw " + cause.getClass().getName() + " in " + position.describe(), cause);
        this.position = position;
    }

    public Position position() {
        return position;
    }
}
