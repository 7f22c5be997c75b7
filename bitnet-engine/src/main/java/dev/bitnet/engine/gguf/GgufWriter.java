package dev.bitnet.engine.gguf;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code GgufWriter} collects metadata and tensors and writes them as one GGUF v3 file, the layout
 * {@link GgufFile} documents: header, metadata in insertion order, tensor infos in insertion order,
 * zero padding to the alignment, then each tensor's data at an aligned offset (each tensor padded to
 * the alignment, as ggml's {@code gguf_write} does).
 *
 * <p>Tensor data is streamed: {@link #addTensor(String, GgmlType, long[], TensorData)} takes a
 * producer that is called only when the file is written, so a 1 GB model never sits on the heap.
 * The file is written to a temporary file in the target directory and moved into place atomically,
 * so readers never see a half-written model.
 *
 * <p>Not thread-safe.
 */
public final class GgufWriter {

    private static final int BUFFER_BYTES = 1 << 20;

    private final Map<String, GgufValue> metadata = new LinkedHashMap<>();
    private final List<Pending> tensors = new ArrayList<>();
    private final Map<String, Integer> tensorIndex = new LinkedHashMap<>();
    private int alignment = GgufFile.DEFAULT_ALIGNMENT;

    private record Pending(GgufTensorInfo info, TensorData data) {}

    /**
     * Sets the data alignment; anything but the default 32 is also recorded as
     * {@code general.alignment}. Must be called before adding tensors.
     *
     * @param bytes a power of two from 1 to {@link GgufFile#MAX_ALIGNMENT}
     */
    public GgufWriter alignment(int bytes) {
        setAlignment(bytes);
        if (bytes != GgufFile.DEFAULT_ALIGNMENT) {
            metadata.put(GgufFile.KEY_ALIGNMENT, GgufValue.uint32(bytes));
        } else {
            metadata.remove(GgufFile.KEY_ALIGNMENT);
        }
        return this;
    }

    private void setAlignment(long bytes) {
        if (bytes <= 0 || bytes > GgufFile.MAX_ALIGNMENT || Long.bitCount(bytes) != 1) {
            throw new IllegalArgumentException("alignment must be a power of two from 1 to "
                    + GgufFile.MAX_ALIGNMENT + ": " + bytes);
        }
        if (!tensors.isEmpty()) {
            throw new IllegalStateException("alignment must be set before tensors are added");
        }
        alignment = (int) bytes;
    }

    public int alignment() {
        return alignment;
    }

    /** Adds or replaces a metadata entry (a replaced key keeps its position). */
    public GgufWriter put(String key, GgufValue value) {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(value, "value must not be null");
        if (key.equals(GgufFile.KEY_ALIGNMENT)) {
            if (value.type() != GgufValueType.UINT32) {
                throw new IllegalArgumentException(GgufFile.KEY_ALIGNMENT + " must be UINT32 but was: " + value);
            }
            setAlignment((Long) value.rawValue()); // an explicit 32 stays in the file, in its position
        }
        metadata.put(key, value);
        return this;
    }

    /** Copies every metadata entry of {@code values} in order. */
    public GgufWriter putAll(Map<String, GgufValue> values) {
        values.forEach(this::put);
        return this;
    }

    public GgufWriter putString(String key, String v) { return put(key, GgufValue.string(v)); }
    public GgufWriter putUInt32(String key, long v) { return put(key, GgufValue.uint32(v)); }
    public GgufWriter putInt32(String key, int v) { return put(key, GgufValue.int32(v)); }
    public GgufWriter putUInt64(String key, long v) { return put(key, GgufValue.uint64(v)); }
    public GgufWriter putFloat32(String key, float v) { return put(key, GgufValue.float32(v)); }
    public GgufWriter putBool(String key, boolean v) { return put(key, GgufValue.bool(v)); }
    public GgufWriter putStringArray(String key, List<String> v) { return put(key, GgufValue.stringArray(v)); }
    public GgufWriter putFloat32Array(String key, float[] v) { return put(key, GgufValue.floatArray(v)); }
    public GgufWriter putInt32Array(String key, int[] v) { return put(key, GgufValue.intArray(GgufValueType.INT32, v)); }

    /** @return the metadata so far, in order; unmodifiable view */
    public Map<String, GgufValue> metadata() {
        return java.util.Collections.unmodifiableMap(metadata);
    }

    /**
     * Adds a tensor whose bytes {@code data} produces when the file is written.
     *
     * @param ne shape in ggml order ({@code ne[0]} contiguous)
     * @throws IllegalArgumentException for a duplicate or over-long name, an unreadable type, or a
     *     shape that does not fit the type's blocks
     */
    public GgufWriter addTensor(String name, GgmlType type, long[] ne, TensorData data) {
        Objects.requireNonNull(data, "data must not be null");
        int nameBytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (nameBytes == 0 || nameBytes > GgufFile.MAX_TENSOR_NAME_BYTES) {
            throw new IllegalArgumentException("tensor name must be 1 to " + GgufFile.MAX_TENSOR_NAME_BYTES
                    + " bytes of UTF-8: '" + name + "'");
        }
        if (tensorIndex.containsKey(name)) {
            throw new IllegalArgumentException("duplicate tensor name: " + name);
        }
        if (!type.isReadable()) {
            throw new IllegalArgumentException("tensor '" + name + "' has type " + type + ", which this writer cannot size");
        }
        if (ne.length > 0 && ne[0] % type.blockSize() != 0) {
            throw new IllegalArgumentException("tensor '" + name + "' of type " + type + " needs ne[0] a multiple of "
                    + type.blockSize() + " but was: " + ne[0]);
        }
        long offset = 0;
        if (!tensors.isEmpty()) {
            GgufTensorInfo last = tensors.getLast().info();
            offset = GgufFile.alignUp(last.offset() + last.byteSize(), alignment);
        }
        GgufTensorInfo info = GgufTensorInfo.of(name, type, ne, offset);
        tensorIndex.put(name, tensors.size());
        tensors.add(new Pending(info, data));
        return this;
    }

    /** Adds a tensor from bytes in memory, which must be exactly its byte size (not copied). */
    public GgufWriter addTensor(String name, GgmlType type, long[] ne, MemorySegment bytes) {
        long expected = type.byteSize(GgufTensorInfo.elementCount(name, ne));
        if (bytes.byteSize() != expected) {
            throw new IllegalArgumentException("tensor '" + name + "' of type " + type + " and shape "
                    + java.util.Arrays.toString(ne) + " needs " + expected + " bytes but was given: " + bytes.byteSize());
        }
        return addTensor(name, type, ne, sink -> sink.write(bytes));
    }

    /** Adds a tensor from a byte array, which must be exactly its byte size (not copied). */
    public GgufWriter addTensor(String name, GgmlType type, long[] ne, byte[] bytes) {
        return addTensor(name, type, ne, MemorySegment.ofArray(bytes));
    }

    /** Adds an F32 tensor. */
    public GgufWriter addF32(String name, long[] ne, float[] values) {
        return addTensor(name, GgmlType.F32, ne, leBytes(values));
    }

    private static MemorySegment leBytes(float[] values) {
        MemorySegment seg = MemorySegment.ofArray(new byte[values.length * 4]);
        MemorySegment.copy(values, 0, seg, GgufCursor.F32, 0, values.length);
        return seg;
    }

    /** @return the infos of the tensors added so far, with their planned offsets */
    public List<GgufTensorInfo> tensorInfos() {
        return tensors.stream().map(Pending::info).toList();
    }

    /**
     * Writes the file atomically: to a temporary file next to {@code out}, then moved over it.
     *
     * @throws IOException if writing fails; {@code out} is then unchanged
     * @throws IllegalStateException if a tensor producer writes a wrong number of bytes
     */
    public void write(Path out) throws IOException {
        Path abs = out.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
        boolean done = false;
        try {
            makeReadableByAll(tmp);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                Out o = new Out(ch);
                writeHeader(o);
                o.padTo(alignment);
                long dataStart = o.position();
                for (Pending p : tensors) {
                    GgufTensorInfo t = p.info();
                    long at = o.position() - dataStart;
                    if (at != t.offset()) {
                        throw new IllegalStateException("tensor '" + t.name() + "' at data offset " + at + ", expected " + t.offset());
                    }
                    long before = o.written();
                    p.data().writeTo(o);
                    long wrote = o.written() - before;
                    if (wrote != t.byteSize()) {
                        throw new IllegalStateException("tensor '" + t.name() + "' producer wrote " + wrote
                                + " bytes, expected " + t.byteSize());
                    }
                    o.padTo(alignment);
                }
                o.flush();
                ch.force(false);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * Gives a temporary file the permissions {@code rw-r--r--}: {@code Files.createTempFile} makes
     * owner-only files, and a model file moved into place should be as readable as other output.
     */
    public static void makeReadableByAll(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: keep its default permissions
        }
    }

    private void writeHeader(Out o) throws IOException {
        o.i32(GgufFile.MAGIC);
        o.i32(GgufFile.VERSION);
        o.i64(tensors.size());
        o.i64(metadata.size());
        for (Map.Entry<String, GgufValue> e : metadata.entrySet()) {
            o.string(e.getKey());
            o.i32(e.getValue().type().id());
            writeValue(o, e.getValue());
        }
        for (Pending p : tensors) {
            GgufTensorInfo t = p.info();
            o.string(t.name());
            o.i32(t.dims());
            for (int d = 0; d < t.dims(); d++) {
                o.i64(t.ne(d));
            }
            o.i32(t.type().id());
            o.i64(t.offset());
        }
    }

    private static void writeValue(Out o, GgufValue v) throws IOException {
        Object x = v.rawValue();
        switch (v.type()) {
            case UINT8, INT8 -> o.i8((int) (long) (Long) x);
            case UINT16, INT16 -> o.i16((int) (long) (Long) x);
            case UINT32, INT32 -> o.i32((int) (long) (Long) x);
            case UINT64, INT64 -> o.i64((Long) x);
            case FLOAT32 -> o.f32((Float) x);
            case FLOAT64 -> o.f64((Double) x);
            case BOOL -> o.i8((Boolean) x ? 1 : 0);
            case STRING -> o.string((String) x);
            case ARRAY -> writeArray(o, v);
        }
    }

    private static void writeArray(Out o, GgufValue v) throws IOException {
        GgufValueType et = Objects.requireNonNull(v.elementType());
        o.i32(et.id());
        o.i64(v.length());
        Object x = v.rawValue();
        switch (et) {
            case UINT8, INT8 -> { for (int e : (int[]) x) o.i8(e); }
            case UINT16, INT16 -> { for (int e : (int[]) x) o.i16(e); }
            case INT32 -> { for (int e : (int[]) x) o.i32(e); }
            case UINT32 -> { for (long e : (long[]) x) o.i32((int) e); }
            case INT64, UINT64 -> { for (long e : (long[]) x) o.i64(e); }
            case FLOAT32 -> { for (float e : (float[]) x) o.f32(e); }
            case FLOAT64 -> { for (double e : (double[]) x) o.f64(e); }
            case BOOL -> { for (boolean e : (boolean[]) x) o.i8(e ? 1 : 0); }
            case STRING -> { for (Object e : (List<?>) x) o.string((String) e); }
            case ARRAY -> { for (Object e : (List<?>) x) writeArray(o, (GgufValue) e); }
        }
    }

    /** Buffered little-endian output to a channel that counts the bytes written. */
    private static final class Out implements TensorSink {
        private final FileChannel ch;
        private final ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        private long flushed;

        Out(FileChannel ch) {
            this.ch = ch;
        }

        long position() {
            return flushed + buf.position();
        }

        @Override
        public long written() {
            return position();
        }

        private void room(int n) throws IOException {
            if (buf.remaining() < n) {
                flush();
            }
        }

        void flush() throws IOException {
            buf.flip();
            while (buf.hasRemaining()) {
                flushed += ch.write(buf);
            }
            buf.clear();
        }

        void i8(int v) throws IOException { room(1); buf.put((byte) v); }
        void i16(int v) throws IOException { room(2); buf.putShort((short) v); }
        void i32(int v) throws IOException { room(4); buf.putInt(v); }
        void i64(long v) throws IOException { room(8); buf.putLong(v); }
        void f32(float v) throws IOException { room(4); buf.putFloat(v); }
        void f64(double v) throws IOException { room(8); buf.putDouble(v); }

        void string(String s) throws IOException {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            i64(b.length);
            write(b, 0, b.length);
        }

        void padTo(int alignment) throws IOException {
            long pad = GgufFile.alignUp(position(), alignment) - position();
            for (long i = 0; i < pad; i++) {
                i8(0);
            }
        }

        @Override
        public void write(ByteBuffer bytes) throws IOException {
            if (bytes.remaining() <= buf.remaining()) {
                buf.put(bytes);
                return;
            }
            flush();
            while (bytes.hasRemaining()) {
                flushed += ch.write(bytes);
            }
        }

        @Override
        public void write(MemorySegment bytes) throws IOException {
            long size = bytes.byteSize();
            for (long off = 0; off < size; ) {
                if (!buf.hasRemaining()) {
                    flush();
                }
                int n = (int) Math.min(size - off, buf.remaining());
                // ofBuffer() starts the segment at the buffer's position.
                MemorySegment.copy(bytes, off, MemorySegment.ofBuffer(buf), 0, n);
                buf.position(buf.position() + n);
                off += n;
            }
        }

        @Override
        public void write(byte[] bytes, int off, int len) throws IOException {
            write(ByteBuffer.wrap(bytes, off, len));
        }
    }
}
