package dev.bitnet.perf.baseline;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import org.apiguardian.api.API;

/**
 * Maps a test id (JUnit unique ids contain {@code /}, {@code :}, {@code [}, and parameter values
 * may contain anything, {@code ..} included) to a file name that is safe on every common file
 * system and unique.
 *
 * <p>Rule: characters outside {@code [A-Za-z0-9._-]} become {@code _}, runs of {@code _} and
 * {@code .} collapse, leading and trailing dots and underscores go, the result is cut to 80
 * characters, and {@code -} plus the first 12 hex digits of the SHA-256 of the original id is
 * appended. The hash keeps ids that clean to the same text ({@code a/b} and {@code a:b}) apart;
 * the readable part lets a reviewer find the file. Like criterion's {@code make_filename_safe},
 * but with the hash that makes it injective in practice.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class SafeFileName {
    static final int MAX_READABLE_LENGTH = 80;

    private SafeFileName() {}

    /** The safe base name (without extension) of {@code testId}. */
    public static String of(String testId) {
        if (testId.isEmpty()) {
            throw new IllegalArgumentException("test id must not be empty");
        }
        String readable = testId.replaceAll("[^A-Za-z0-9._-]", "_")
                .replaceAll("_+", "_")
                .replaceAll("\\.{2,}", ".")
                .replaceAll("^[._-]+|[._]+$", "");
        if (readable.length() > MAX_READABLE_LENGTH) {
            readable = readable.substring(0, MAX_READABLE_LENGTH).replaceAll("[._]+$", "");
        }
        if (readable.isEmpty()) {
            readable = "test";
        }
        return readable + "-" + shortHash(testId);
    }

    static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6).toLowerCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
