package dev.bitnet.engine.gguf;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * {@code TensorSink} receives one tensor's bytes while {@link GgufWriter} streams a file, so that a
 * large tensor never has to exist on the heap in one piece.
 */
public interface TensorSink {

    /** Writes the remaining bytes of {@code bytes}. */
    void write(ByteBuffer bytes) throws IOException;

    /** Writes all bytes of {@code bytes}. */
    void write(MemorySegment bytes) throws IOException;

    /** Writes {@code len} bytes of {@code bytes} from {@code off}. */
    void write(byte[] bytes, int off, int len) throws IOException;

    /** @return bytes written to this sink so far */
    long written();
}
