package dev.bitnet.engine.gguf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.ByteBuffer;
import java.util.function.IntFunction;

/**
 * A bounds-checked little-endian read position in a GGUF file's bytes. Every read first checks that
 * the bytes exist, so a bogus length or count becomes a {@link GgufFormatException} naming the field
 * and offset, never an out-of-bounds access or a huge allocation.
 */
final class GgufCursor {

    static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** Longest string a Java {@code byte[]} can hold, with head room for VM limits. */
    static final long MAX_JAVA_ARRAY = Integer.MAX_VALUE - 16;

    private final Path file;
    private final MemorySegment bytes;
    private final long size;
    private long pos;

    GgufCursor(Path file, MemorySegment bytes) {
        this.file = file;
        this.bytes = bytes;
        this.size = bytes.byteSize();
    }

    Path file() {
        return file;
    }

    long position() {
        return pos;
    }

    long size() {
        return size;
    }

    long remaining() {
        return size - pos;
    }

    GgufFormatException error(long at, String detail) {
        return new GgufFormatException(file, at, detail);
    }

    /** Checks that {@code n} more bytes exist for {@code field}. */
    void need(long n, String field) {
        if (n < 0 || n > size - pos) {
            throw error(pos, field + " needs " + (n < 0 ? Long.toUnsignedString(n) : n) + " bytes but only "
                    + (size - pos) + " remain (file is " + size + " bytes; truncated?)");
        }
    }

    int u8(String field) {
        need(1, field);
        return bytes.get(ValueLayout.JAVA_BYTE, pos++) & 0xFF;
    }

    int i8(String field) {
        need(1, field);
        return bytes.get(ValueLayout.JAVA_BYTE, pos++);
    }

    int u16(String field) {
        return i16(field) & 0xFFFF;
    }

    int i16(String field) {
        need(2, field);
        short v = bytes.get(U16, pos);
        pos += 2;
        return v;
    }

    long u32(String field) {
        return i32(field) & 0xFFFF_FFFFL;
    }

    int i32(String field) {
        need(4, field);
        int v = bytes.get(U32, pos);
        pos += 4;
        return v;
    }

    long i64(String field) {
        need(8, field);
        long v = bytes.get(U64, pos);
        pos += 8;
        return v;
    }

    float f32(String field) {
        need(4, field);
        float v = bytes.get(F32, pos);
        pos += 4;
        return v;
    }

    double f64(String field) {
        need(8, field);
        double v = bytes.get(F64, pos);
        pos += 8;
        return v;
    }

    boolean bool(String field) {
        long at = pos;
        int v = u8(field);
        if (v > 1) {
            throw error(at, field + " is a BOOL with byte value " + v + ", expected 0 or 1");
        }
        return v == 1;
    }

    /**
     * Reads a {@code gguf_string_t}: {@code uint64_t len; char string[len];} (UTF-8, no NUL).
     */
    String string(String field) {
        long at = pos;
        long len = i64(field + " length");
        if (len < 0 || len > size - pos) {
            throw error(at, field + " has length " + Long.toUnsignedString(len) + ", but only " + (size - pos)
                    + " bytes remain in the file");
        }
        if (len > MAX_JAVA_ARRAY) {
            throw error(at, field + " has length " + len + ", expected at most " + MAX_JAVA_ARRAY);
        }
        if (len == 0) {
            return "";
        }
        byte[] b = new byte[(int) len];
        MemorySegment.copy(bytes, ValueLayout.JAVA_BYTE, pos, b, 0, b.length);
        pos += len;
        return utf8(b, field, at);
    }

    /**
     * Reads {@code n} little-endian values of {@code layout} into a new primitive array made by
     * {@code newArray} (e.g. {@code F32} and {@code float[]::new}); the bytes are checked first.
     */
    <A> A array(ValueLayout layout, int n, IntFunction<A> newArray, String field) {
        long bytes = n * layout.byteSize();
        need(bytes, field);
        A a = newArray.apply(n);
        MemorySegment.copy(this.bytes, layout, pos, a, 0, n);
        pos += bytes;
        return a;
    }

    /** Moves to {@code newPos}, which must lie in the file. */
    void seek(long newPos) {
        if (newPos < 0 || newPos > size) {
            throw error(pos, "position " + newPos + " lies outside the file of " + size + " bytes");
        }
        pos = newPos;
    }

    private String utf8(byte[] b, String field, long at) {
        String s = new String(b, StandardCharsets.UTF_8);
        if (s.indexOf('\uFFFD') < 0) {
            return s;
        }
        // new String() replaces malformed input silently; U+FFFD may also be genuine, so check strictly.
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new GgufFormatException(file, at, field + " is not valid UTF-8: " + e.getMessage(), e);
        }
    }
}
