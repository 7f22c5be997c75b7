package dev.bitnet.engine.gguf;

import java.nio.file.Path;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * {@code GgufFormatException} signals a GGUF file that cannot be read: wrong magic, unsupported
 * version, truncated or inflated lengths, unknown types, tensor data out of bounds, or metadata that
 * is missing or has the wrong type.
 *
 * <p>The message names the file, the field, key or tensor, the actual value and the expected one,
 * in the style of ggml's {@code gguf.cpp}, and the byte offset where the problem was found when
 * there is one, e.g. {@code model.gguf: tensor 'blk.0.attn_q.weight' has offset 100, expected a
 * multiple of 32 (at byte 1234)}.
 */
public final class GgufFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient @Nullable Path file;
    private final long byteOffset;

    /**
     * @param file the file being read, or {@code null} if the problem is not tied to a file
     * @param byteOffset byte offset in the file where the problem was found, or -1 if none
     * @param detail what is wrong: the field and its actual and expected values
     */
    public GgufFormatException(@Nullable Path file, long byteOffset, String detail) {
        super(format(file, byteOffset, detail));
        this.file = file;
        this.byteOffset = byteOffset;
    }

    public GgufFormatException(@Nullable Path file, long byteOffset, String detail, Throwable cause) {
        this(file, byteOffset, detail);
        initCause(cause);
    }

    /** A problem that is not tied to a file or position, e.g. an unknown type id. */
    public GgufFormatException(String detail) {
        this(null, -1, detail);
    }

    /** @return the file, never {@code null} but empty when the problem is not tied to a file */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** @return the byte offset in the file where the problem was found, or -1 if none */
    public long byteOffset() {
        return byteOffset;
    }

    private static String format(@Nullable Path file, long byteOffset, String detail) {
        StringBuilder sb = new StringBuilder();
        if (file != null) {
            sb.append(file).append(": ");
        }
        sb.append(detail);
        if (byteOffset >= 0) {
            sb.append(" (at byte ").append(byteOffset).append(')');
        }
        return sb.toString();
    }
}
