package dev.bitnet.perf.sample;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@code VmRSS} and {@code VmHWM} from Linux {@code /proc/self/status} (proc(5): "kB"
 * values) through one file kept open for the life of the JVM: each reading seeks to offset 0 and
 * reads, which makes the kernel render the file afresh, so no open, close or string decoding per
 * reading. A {@link RandomAccessFile} rather than a {@code FileChannel}: a channel is closed for
 * good when a thread that reads it is interrupted, and timeouts interrupt measured threads. One
 * instance per JVM; readings are serialized.
 *
 * @since 0.1
 */
final class ProcStatus {

    private static final Path FILE = Path.of("/proc/self/status");
    private static final byte[] RSS = "VmRSS:".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] HWM = "VmHWM:".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private static final @Nullable ProcStatus INSTANCE = open();

    private final RandomAccessFile file;
    private final byte[] buffer = new byte[16 * 1024];

    private ProcStatus(RandomAccessFile file) {
        this.file = file;
    }

    /** The reader of this JVM, or {@code null} where {@code /proc/self/status} cannot be read. */
    static @Nullable ProcStatus instance() {
        return INSTANCE;
    }

    private static @Nullable ProcStatus open() {
        if (!Files.isReadable(FILE)) {
            return null;
        }
        try {
            // Kept open until the JVM exits: one descriptor per JVM, shared by all runners.
            return new ProcStatus(new RandomAccessFile(FILE.toFile(), "r"));
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    /** Writes {@code {rss, peak}} in bytes into {@code out}; UNKNOWN where a field is missing. */
    synchronized void read(long[] out) {
        out[0] = CallSample.UNKNOWN;
        out[1] = CallSample.UNKNOWN;
        int length = 0;
        try {
            file.seek(0);
            int read;
            while (length < buffer.length && (read = file.read(buffer, length, buffer.length - length)) > 0) {
                length += read;
            }
        } catch (IOException e) {
            return;
        }
        byte[] bytes = buffer;
        out[0] = kilobytesField(bytes, length, RSS);
        out[1] = kilobytesField(bytes, length, HWM);
    }

    /** Parses a proc(5) line such as {@code VmRSS:\t  123456 kB} into bytes. */
    static long kilobytesField(byte[] text, int length, byte[] field) {
        outer:
        for (int at = 0; at + field.length <= length; at++) {
            for (int j = 0; j < field.length; j++) {
                if (text[at + j] != field[j]) {
                    continue outer;
                }
            }
            if (at > 0 && text[at - 1] != '\n') {
                continue;
            }
            int i = at + field.length;
            while (i < length && (text[i] == ' ' || text[i] == '\t')) {
                i++;
            }
            long kb = 0;
            int digits = 0;
            while (i < length && text[i] >= '0' && text[i] <= '9') {
                kb = kb * 10 + (text[i] - '0');
                i++;
                digits++;
            }
            return digits == 0 ? CallSample.UNKNOWN : kb * 1024;
        }
        return CallSample.UNKNOWN;
    }
}
