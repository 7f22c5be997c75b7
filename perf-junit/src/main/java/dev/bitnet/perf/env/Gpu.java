package dev.bitnet.perf.env;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * {@code Gpu} describes one graphics card as OSHI reports it.
 *
 * @param vendor the vendor as reported, never {@code null} ({@code "unknown"} when unreadable)
 * @param name the model name as reported, never {@code null}
 * @param vramBytes video memory in bytes, {@code 0} when unknown
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record Gpu(String vendor, String name, long vramBytes) {
    public Gpu {
        Objects.requireNonNull(vendor, "vendor must not be null");
        Objects.requireNonNull(name, "name must not be null");
        if (vramBytes < 0) {
            throw new IllegalArgumentException("vramBytes must not be negative: " + vramBytes);
        }
    }
}
