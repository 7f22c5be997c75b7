package dev.bitnet.perf.sample;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@code VmRSS} and {@code VmHWM} from Linux {@code /proc/self/status} (proc(5): "kB"
 * values) through one channel kept open for the life of the JVM: each reading is a positional read
 * at offset 0, which makes the kernel render the file afresh, so no open, close or string decoding
 * per reading. One instance per JVM; readings are serialized.
 *
 * @since 0.1
 */
final class ProcStatus {

    private static final Path FILE = Path.of("/proc/self/status");
    private static final byte[] RSS = "VmRSS:".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] HWM = "VmHWM:".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private static final @Nullable ProcStatus INSTANCE = open();

    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);

    private ProcStatus(FileChannel channel) {
        this.channel = channel;
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
            return new ProcStatus(FileChannel.open(FILE, StandardOpenOption.READ));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }

    /** Writes {@code {rss, peak}} in bytes into {@code out}; UNKNOWN where a field is missing. */
    synchronized void read(long[] out) {
        out[0] = CallSample.UNKNOWN;
        out[1] = CallSample.UNKNOWN;
        buffer.clear();
        try {
            long position = 0;
            int read;
            while (buffer.hasRemaining() && (read = channel.read(buffer, position)) > 0) {
                position += read;
            }
        } catch (IOException e) {
            return;
        }
        byte[] bytes = buffer.array();
        int length = buffer.position();
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
