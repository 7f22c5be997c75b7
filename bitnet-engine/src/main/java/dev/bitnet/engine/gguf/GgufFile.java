package dev.bitnet.engine.gguf;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code GgufFile} is an open GGUF v3 (or v2) file: its metadata, its tensor infos and its tensor
 * data as read-only {@link MemorySegment}s, memory-mapped or loaded off-heap (see
 * {@link WeightLoading}).
 *
 * <p>Layout ({@code docs/gguf.md} of ggml, and {@code gguf_init_from_file} in {@code ggml.c} of
 * bitnet.cpp's llama.cpp fork), all little-endian:
 * <pre>
 * uint32_t magic;                 // "GGUF"
 * uint32_t version;               // 3 (2 has the same layout)
 * uint64_t tensor_count;
 * uint64_t metadata_kv_count;
 * gguf_metadata_kv_t metadata_kv[metadata_kv_count];   // gguf_string_t key; uint32_t type; value
 * gguf_tensor_info_t tensor_infos[tensor_count];       // name; uint32_t n_dims; uint64_t ne[n_dims];
 *                                                      // uint32_t ggml_type; uint64_t offset
 * uint8_t _padding[];             // to a multiple of general.alignment (uint32, default 32)
 * uint8_t tensor_data[];          // each tensor at its offset, a multiple of the alignment
 * </pre>
 *
 * <p>Every count, length, dimension, type id and offset is checked against the file size and sane
 * limits before use; a bad file gives a {@link GgufFormatException} naming the file, the field or
 * tensor, the byte offset, the actual value and the expected one. Nothing is allocated from a
 * length before the bytes behind it are known to exist.
 *
 * <p>Lifetime: all memory (the file mapping in {@link WeightLoading#MMAP} mode, the off-heap copy in
 * {@link WeightLoading#MEMORY} mode) belongs to one {@link Arena#ofShared() shared arena} owned by
 * this object: shared so that kernel threads may read tensor segments concurrently, and explicit
 * rather than {@code ofAuto()} so that a 1 GB mapping is released when the model is closed and not
 * whenever the GC happens to notice. After {@link #close()} every segment returned by
 * {@link #data(GgufTensorInfo)} is invalid and accessing it throws {@link IllegalStateException}.
 * Metadata and tensor infos are plain heap objects and remain usable.
 *
 * <p>Thread safety: immutable after {@code open}; reads may be concurrent. Do not call
 * {@code close()} while other threads still read tensor data.
 *
 * <p>Usage:
 * <pre>{@code
 * try (GgufFile f = GgufFile.open(path, WeightLoading.MEMORY)) {
 *     String arch = f.getString("general.architecture");            // e.g. "bitnet-b1.58"
 *     int layers = f.getInt(arch + ".block_count");
 *     GgufTensorInfo wq = f.tensor("blk.0.attn_q.weight");           // I2_S, ne = [K, N]
 *     MemorySegment packed = f.data(wq);                             // K*N/4 + 32 bytes
 * }
 * }</pre>
 */
public final class GgufFile implements AutoCloseable {

    /** {@code "GGUF"} read as a little-endian uint32. */
    public static final int MAGIC = 0x46554747;
    /** Newest version this reader supports. */
    public static final int VERSION = 3;
    /** {@code GGUF_DEFAULT_ALIGNMENT}: data alignment when {@code general.alignment} is absent. */
    public static final int DEFAULT_ALIGNMENT = 32;
    /** Metadata key of the data alignment (a UINT32 power of two). */
    public static final String KEY_ALIGNMENT = "general.alignment";
    /** Byte alignment of the off-heap copy in {@link WeightLoading#MEMORY} mode (a cache line). */
    public static final int MEMORY_ALIGNMENT = 64;
    /** Tensor names must be shorter than ggml's {@code GGML_MAX_NAME} (64, including the NUL). */
    public static final int MAX_TENSOR_NAME_BYTES = 63;
    /** Deepest nesting of arrays of arrays accepted (guards the parser's recursion). */
    public static final int MAX_ARRAY_DEPTH = 8;
    /**
     * Most elements of a STRING array or an array of arrays. A sane limit (vocabularies and merge
     * lists have at most about a million entries) that bounds the heap a crafted file can demand:
     * each such element costs up to about six times its bytes in the file as Java objects.
     */
    public static final int MAX_OBJECT_ARRAY_ELEMENTS = 1 << 24;
    /** Largest {@code general.alignment} accepted. */
    public static final int MAX_ALIGNMENT = 1 << 20;

    static final int HEADER_BYTES = 24;
    /** Smallest tensor info: name length 8 + name 1 + n_dims 4 + one dim 8 + type 4 + offset 8. */
    static final int MIN_TENSOR_INFO_BYTES = 33;
    /** Smallest metadata entry: key length 8 + value type 4 + one value byte. */
    static final int MIN_KV_BYTES = 13;
    /** Chunk size of the FileChannel reads in MEMORY mode (a ByteBuffer holds at most 2 GiB). */
    private static final int READ_CHUNK_BYTES = 64 << 20;

    private final Path path;
    private final int version;
    private final WeightLoading loading;
    private final int alignment;
    private final long fileSize;
    private final long dataOffset;
    private final Map<String, GgufValue> values;
    private final Map<String, Object> metadata;
    private final List<GgufTensorInfo> tensors;
    private final Map<String, GgufTensorInfo> tensorsByName;
    private final Arena arena;
    private final MemorySegment data;
    private final AtomicBoolean closed = new AtomicBoolean();

    private GgufFile(Path path, Header h, WeightLoading loading, Arena arena, MemorySegment data) {
        this.path = path;
        this.version = h.version;
        this.loading = loading;
        this.alignment = h.alignment;
        this.fileSize = h.fileSize;
        this.dataOffset = h.dataOffset;
        this.values = Collections.unmodifiableMap(h.values);
        Map<String, Object> plain = new LinkedHashMap<>();
        h.values.forEach((k, v) -> plain.put(k, v.plainValue()));
        this.metadata = Collections.unmodifiableMap(plain);
        this.tensors = List.copyOf(h.tensors);
        Map<String, GgufTensorInfo> byName = new LinkedHashMap<>();
        for (GgufTensorInfo t : h.tensors) {
            byName.put(t.name(), t);
        }
        this.tensorsByName = Collections.unmodifiableMap(byName);
        this.arena = arena;
        this.data = data;
    }

    /**
     * Opens a GGUF file.
     *
     * @param file the file, never {@code null}
     * @param loading memory-map it, or copy its tensor data off-heap
     * @return the open file; close it to release its memory
     * @throws GgufFormatException if the file is not a valid GGUF v2/v3 file or cannot be read
     */
    public static GgufFile open(Path file, WeightLoading loading) {
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            GgufFile result;
            if (loading == WeightLoading.MMAP) {
                MemorySegment map = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
                Header h = parse(file, map);
                result = new GgufFile(file, h, loading, arena, map.asSlice(h.dataOffset, h.dataExtent));
            } else {
                Header h;
                // The header is parsed from a temporary mapping (only its pages are touched), which
                // a confined arena releases right after; the data section is then read with plain
                // channel reads into one aligned off-heap block owned by the shared arena.
                try (Arena parseArena = Arena.ofConfined()) {
                    h = parse(file, ch.map(FileChannel.MapMode.READ_ONLY, 0, size, parseArena));
                }
                MemorySegment mem = OffHeapMemory.allocate(h.dataExtent, MEMORY_ALIGNMENT, arena);
                readFully(file, ch, h.dataOffset, mem);
                result = new GgufFile(file, h, loading, arena, mem);
            }
            return result;
        } catch (NoSuchFileException e) {
            arena.close();
            throw new GgufFormatException(file, -1, "file does not exist", e);
        } catch (IOException e) {
            arena.close();
            throw new GgufFormatException(file, -1, "cannot read file: " + e, e);
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    private static void readFully(Path file, FileChannel ch, long filePos, MemorySegment dst) throws IOException {
        long done = 0;
        long total = dst.byteSize();
        while (done < total) {
            int chunk = (int) Math.min(READ_CHUNK_BYTES, total - done);
            ByteBuffer bb = dst.asSlice(done, chunk).asByteBuffer();
            while (bb.hasRemaining()) {
                int n = ch.read(bb, filePos + done + bb.position());
                if (n < 0) {
                    throw new GgufFormatException(file, filePos + done + bb.position(),
                            "file ended while reading tensor data, expected " + total + " bytes of data");
                }
            }
            done += chunk;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Parsing
    // ---------------------------------------------------------------------------------------------

    /** What the header, metadata and tensor infos say. */
    private record Header(int version, int alignment, long fileSize, long dataOffset, long dataExtent,
            Map<String, GgufValue> values, List<GgufTensorInfo> tensors) {}

    private static Header parse(Path file, MemorySegment bytes) {
        GgufCursor c = new GgufCursor(file, bytes);
        long size = c.size();
        if (size >= 4) {
            int magic = c.i32("magic");
            if (magic != MAGIC) {
                throw c.error(0, "invalid magic characters: '" + printable(bytes.asSlice(0, 4)) + "', expected 'GGUF'");
            }
        }
        if (size < HEADER_BYTES) {
            throw c.error(-1, "file is " + size + " bytes, too short for the " + HEADER_BYTES
                    + "-byte GGUF header (magic, version, tensor count, metadata count)");
        }
        int version = c.i32("version");
        checkVersion(c, version);
        long tensorCount = c.i64("tensor_count");
        long kvCount = c.i64("metadata_kv_count");
        if (kvCount < 0 || kvCount > c.remaining() / MIN_KV_BYTES) {
            throw c.error(16, "metadata_kv_count is " + Long.toUnsignedString(kvCount) + ", but the "
                    + c.remaining() + " bytes after the header hold at most " + c.remaining() / MIN_KV_BYTES
                    + " entries of at least " + MIN_KV_BYTES + " bytes");
        }
        if (tensorCount < 0 || tensorCount > c.remaining() / MIN_TENSOR_INFO_BYTES) {
            throw c.error(8, "tensor_count is " + Long.toUnsignedString(tensorCount) + ", but the "
                    + c.remaining() + " bytes after the header hold at most "
                    + c.remaining() / MIN_TENSOR_INFO_BYTES + " tensor infos of at least "
                    + MIN_TENSOR_INFO_BYTES + " bytes");
        }

        Map<String, GgufValue> values = new LinkedHashMap<>();
        for (long i = 0; i < kvCount; i++) {
            long keyAt = c.position();
            String key = c.string("key of metadata entry " + i);
            if (values.containsKey(key)) {
                throw c.error(keyAt, "duplicate metadata key '" + key + "'");
            }
            long typeAt = c.position();
            int typeId = c.i32("type of metadata key '" + key + "'");
            GgufValueType type = GgufValueType.find(typeId).orElseThrow(() -> c.error(typeAt,
                    "metadata key '" + key + "' has value type " + Integer.toUnsignedString(typeId)
                            + ", expected 0 to 12"));
            values.put(key, readValue(c, "metadata key '" + key + "'", type, 0));
        }
        int alignment = alignment(c, values);

        if (tensorCount > c.remaining() / MIN_TENSOR_INFO_BYTES || tensorCount > GgufCursor.MAX_JAVA_ARRAY) {
            throw c.error(8, "tensor_count is " + tensorCount + ", but the " + c.remaining()
                    + " bytes after the metadata hold at most " + c.remaining() / MIN_TENSOR_INFO_BYTES
                    + " tensor infos");
        }
        List<GgufTensorInfo> tensors = new ArrayList<>();
        long[] offsetFieldAt = new long[(int) tensorCount];
        Map<String, Long> names = new LinkedHashMap<>();
        for (int i = 0; i < tensorCount; i++) {
            long nameAt = c.position();
            GgufTensorInfo t = readTensorInfo(c, i, offsetFieldAt);
            if (names.putIfAbsent(t.name(), nameAt) != null) {
                throw c.error(nameAt, "duplicate tensor name '" + t.name() + "' (first at byte " + names.get(t.name()) + ")");
            }
            tensors.add(t);
        }

        long dataOffset = alignUp(c.position(), alignment);
        long dataSize = Math.max(0, size - dataOffset);
        long extent = 0;
        for (int i = 0; i < tensors.size(); i++) {
            GgufTensorInfo t = tensors.get(i);
            if (t.offset() % alignment != 0) {
                throw c.error(offsetFieldAt[i], "tensor '" + t.name() + "' has offset " + t.offset()
                        + ", expected a multiple of the alignment " + alignment);
            }
            if (t.offset() > dataSize || t.byteSize() > dataSize - t.offset()) {
                throw c.error(offsetFieldAt[i], "tensor '" + t.name() + "' data [" + t.offset() + ", "
                        + (t.offset() + t.byteSize()) + ") lies beyond the end of the data section of "
                        + dataSize + " bytes (data starts at byte " + dataOffset + ", file is " + size
                        + " bytes; truncated?)");
            }
            extent = Math.max(extent, t.offset() + t.byteSize());
        }
        checkNoOverlap(c, tensors, offsetFieldAt);
        return new Header(version, alignment, size, Math.min(dataOffset, size), extent, values, tensors);
    }

    private static void checkVersion(GgufCursor c, int version) {
        if (version == 1) {
            throw c.error(4, "GGUFv1 is no longer supported, expected version 2 or " + VERSION);
        }
        if (version >= 2 && version <= VERSION) {
            return;
        }
        int swapped = Integer.reverseBytes(version);
        if (swapped >= 1 && swapped <= VERSION) {
            throw c.error(4, "version reads " + Integer.toUnsignedString(version)
                    + ": this looks like a big-endian GGUF file, expected a little-endian one");
        }
        throw c.error(4, "this GGUF file is version " + Integer.toUnsignedString(version)
                + " but this software only supports versions 2 to " + VERSION);
    }

    private static int alignment(GgufCursor c, Map<String, GgufValue> values) {
        GgufValue v = values.get(KEY_ALIGNMENT);
        if (v == null) {
            return DEFAULT_ALIGNMENT;
        }
        if (v.type() != GgufValueType.UINT32) {
            throw c.error(-1, "metadata key '" + KEY_ALIGNMENT + "' has type " + v.type() + ", expected UINT32");
        }
        long a = (Long) v.rawValue();
        if (a <= 0 || a > MAX_ALIGNMENT || Long.bitCount(a) != 1) {
            throw c.error(-1, "metadata key '" + KEY_ALIGNMENT + "' is " + a
                    + ", expected a power of two from 1 to " + MAX_ALIGNMENT);
        }
        return (int) a;
    }

    private static GgufTensorInfo readTensorInfo(GgufCursor c, int index, long[] offsetFieldAt) {
        long nameAt = c.position();
        String name = c.string("name of tensor " + index);
        int nameBytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (nameBytes == 0 || nameBytes > MAX_TENSOR_NAME_BYTES) {
            throw c.error(nameAt, "tensor " + index + " has a name of " + nameBytes + " bytes ('" + shorten(name)
                    + "'), expected 1 to " + MAX_TENSOR_NAME_BYTES);
        }
        long dimsAt = c.position();
        long nDims = c.u32("n_dims of tensor '" + name + "'");
        if (nDims < 1 || nDims > GgufTensorInfo.MAX_DIMS) {
            throw c.error(dimsAt, "tensor '" + name + "' has " + nDims + " dimensions, expected 1 to "
                    + GgufTensorInfo.MAX_DIMS);
        }
        long[] ne = new long[(int) nDims];
        long elements = 1;
        for (int d = 0; d < nDims; d++) {
            long neAt = c.position();
            ne[d] = c.i64("ne[" + d + "] of tensor '" + name + "'");
            if (ne[d] < 0) {
                throw c.error(neAt, "tensor '" + name + "' has ne[" + d + "] = " + Long.toUnsignedString(ne[d])
                        + ", expected at most " + Long.MAX_VALUE);
            }
            if (ne[d] != 0 && elements > Long.MAX_VALUE / ne[d]) {
                throw c.error(neAt, "tensor '" + name + "' has shape " + Arrays.toString(Arrays.copyOf(ne, d + 1))
                        + "..., whose element count overflows a 64-bit integer");
            }
            elements *= ne[d];
        }
        long typeAt = c.position();
        int typeId = c.i32("type of tensor '" + name + "'");
        GgmlType type = GgmlType.find(typeId).orElseThrow(() -> c.error(typeAt, "tensor '" + name
                + "' has type id " + Integer.toUnsignedString(typeId) + ", expected one of " + GgmlType.knownIds()));
        if (!type.isReadable()) {
            throw c.error(typeAt, "tensor '" + name + "' has type " + type
                    + ", whose packing depends on bitnet.cpp's kernel build; this engine reads I2_S (re-quantize with"
                    + " llama-quantize ... I2_S)");
        }
        if (ne[0] % type.blockSize() != 0) {
            throw c.error(typeAt, "tensor '" + name + "' of type " + type + " has ne[0] = " + ne[0]
                    + ", expected a multiple of the block size " + type.blockSize());
        }
        long byteSize;
        try {
            byteSize = type.byteSize(elements);
        } catch (ArithmeticException e) {
            throw c.error(typeAt, "tensor '" + name + "' has " + elements + " elements of type " + type
                    + ", whose byte size overflows a 64-bit integer");
        }
        offsetFieldAt[index] = c.position();
        long offset = c.i64("offset of tensor '" + name + "'");
        if (offset < 0) {
            throw c.error(offsetFieldAt[index], "tensor '" + name + "' has offset " + Long.toUnsignedString(offset)
                    + ", expected at most the data section size");
        }
        return new GgufTensorInfo(name, type, ne, offset, byteSize);
    }

    private static void checkNoOverlap(GgufCursor c, List<GgufTensorInfo> tensors, long[] offsetFieldAt) {
        Integer[] order = new Integer[tensors.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingLong(i -> tensors.get(i).offset()));
        for (int k = 1; k < order.length; k++) {
            GgufTensorInfo prev = tensors.get(order[k - 1]);
            GgufTensorInfo t = tensors.get(order[k]);
            long prevEnd = prev.offset() + prev.byteSize();
            if (t.offset() < prevEnd && t.byteSize() > 0 && prev.byteSize() > 0) {
                throw c.error(offsetFieldAt[order[k]], "tensor '" + t.name() + "' has offset " + t.offset()
                        + ", expected at least " + prevEnd + " (the end of tensor '" + prev.name() + "', which it overlaps)");
            }
        }
    }

    /** Reads one value of {@code type}; arrays recurse up to {@link #MAX_ARRAY_DEPTH} levels. */
    private static GgufValue readValue(GgufCursor c, String field, GgufValueType type, int depth) {
        return switch (type) {
            case UINT8 -> GgufValue.uint8(c.u8(field));
            case INT8 -> GgufValue.int8(c.i8(field));
            case UINT16 -> GgufValue.uint16(c.u16(field));
            case INT16 -> GgufValue.int16(c.i16(field));
            case UINT32 -> GgufValue.uint32(c.u32(field));
            case INT32 -> GgufValue.int32(c.i32(field));
            case UINT64 -> GgufValue.uint64(c.i64(field));
            case INT64 -> GgufValue.int64(c.i64(field));
            case FLOAT32 -> GgufValue.float32(c.f32(field));
            case FLOAT64 -> GgufValue.float64(c.f64(field));
            case BOOL -> GgufValue.bool(c.bool(field));
            case STRING -> GgufValue.string(c.string(field));
            case ARRAY -> readArray(c, field, depth);
        };
    }

    private static GgufValue readArray(GgufCursor c, String field, int depth) {
        long typeAt = c.position();
        if (depth >= MAX_ARRAY_DEPTH) {
            throw c.error(typeAt, field + " nests arrays more than " + MAX_ARRAY_DEPTH + " levels deep");
        }
        int typeId = c.i32(field + " array element type");
        GgufValueType et = GgufValueType.find(typeId).orElseThrow(() -> c.error(typeAt,
                field + " is an array of value type " + Integer.toUnsignedString(typeId) + ", expected 0 to 12"));
        long lenAt = c.position();
        long len = c.i64(field + " array length");
        long max = Math.min(c.remaining() / et.minByteSize(), GgufCursor.MAX_JAVA_ARRAY);
        if (len < 0 || len > max) {
            throw c.error(lenAt, field + " is an array of " + Long.toUnsignedString(len) + " " + et
                    + " values, but the " + c.remaining() + " remaining bytes hold at most " + max);
        }
        if ((et == GgufValueType.STRING || et == GgufValueType.ARRAY) && len > MAX_OBJECT_ARRAY_ELEMENTS) {
            throw c.error(lenAt, field + " is an array of " + len + " " + et + " values, expected at most "
                    + MAX_OBJECT_ARRAY_ELEMENTS);
        }
        int n = (int) len;
        return switch (et) {
            case UINT8, INT8, UINT16, INT16 -> {
                int[] a = new int[n];
                for (int i = 0; i < n; i++) {
                    a[i] = switch (et) {
                        case UINT8 -> c.u8(field);
                        case INT8 -> c.i8(field);
                        case UINT16 -> c.u16(field);
                        default -> c.i16(field);
                    };
                }
                yield GgufValue.intArray(et, a);
            }
            case INT32 -> GgufValue.intArray(et, c.array(GgufCursor.U32, n, int[]::new, field));
            case UINT32 -> {
                int[] raw = c.array(GgufCursor.U32, n, int[]::new, field);
                long[] a = new long[n];
                for (int i = 0; i < n; i++) {
                    a[i] = raw[i] & 0xFFFF_FFFFL;
                }
                yield GgufValue.longArray(et, a);
            }
            case INT64, UINT64 -> GgufValue.longArray(et, c.array(GgufCursor.U64, n, long[]::new, field));
            case FLOAT32 -> GgufValue.floatArray(c.array(GgufCursor.F32, n, float[]::new, field));
            case FLOAT64 -> GgufValue.doubleArray(c.array(GgufCursor.F64, n, double[]::new, field));
            case BOOL -> {
                boolean[] a = new boolean[n];
                for (int i = 0; i < n; i++) {
                    a[i] = c.bool(field);
                }
                yield GgufValue.boolArray(a);
            }
            case STRING -> {
                List<String> a = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    a.add(c.string(field + "[" + i + "]"));
                }
                yield GgufValue.stringArray(a);
            }
            case ARRAY -> {
                List<GgufValue> a = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    a.add(readArray(c, field + "[" + i + "]", depth + 1));
                }
                yield GgufValue.nestedArray(a);
            }
        };
    }

    static long alignUp(long pos, long alignment) {
        return (pos + alignment - 1) / alignment * alignment;
    }

    private static String printable(MemorySegment s) {
        StringBuilder sb = new StringBuilder();
        for (long i = 0; i < s.byteSize(); i++) {
            int b = s.get(ValueLayout.JAVA_BYTE, i) & 0xFF;
            if (b >= 0x20 && b < 0x7F) {
                sb.append((char) b);
            } else {
                sb.append(String.format("\\x%02x", b));
            }
        }
        return sb.toString();
    }

    private static String shorten(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    // ---------------------------------------------------------------------------------------------
    // Accessors
    // ---------------------------------------------------------------------------------------------

    public Path path() {
        return path;
    }

    public int version() {
        return version;
    }

    public WeightLoading loading() {
        return loading;
    }

    /** @return the data alignment in bytes ({@code general.alignment}, default 32) */
    public int alignment() {
        return alignment;
    }

    /** @return the file size in bytes */
    public long fileSize() {
        return fileSize;
    }

    /** @return the file offset of the tensor data section (tensor offsets are relative to it) */
    public long dataOffset() {
        return dataOffset;
    }

    /**
     * @return every metadata entry in file order, as plain Java values (see {@link GgufValue} for
     *     the mapping), never {@code null}; unmodifiable. Array values are shared by all callers:
     *     do not modify them (the typed getters such as {@link #getFloatArray} return copies)
     */
    public Map<String, Object> metadata() {
        return metadata;
    }

    /** @return every metadata entry in file order with its GGUF type; unmodifiable */
    public Map<String, GgufValue> values() {
        return values;
    }

    /** @return the plain value of {@code key}, never {@code null} but potentially empty */
    public Optional<Object> find(String key) {
        return Optional.ofNullable(metadata.get(key));
    }

    /** @return the typed value of {@code key}, never {@code null} but potentially empty */
    public Optional<GgufValue> findValue(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** @throws GgufFormatException if the key is missing or not a STRING */
    public String getString(String key) {
        return (String) require(key, "a STRING", v -> v.type() == GgufValueType.STRING);
    }

    /** @return an integer value of any integer type, as a long */
    public long getLong(String key) {
        return (Long) require(key, "an integer", v -> v.type().isInteger());
    }

    /** @return an integer value that fits in an {@code int} */
    public int getInt(String key) {
        long v = getLong(key);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new GgufFormatException(path, -1, "metadata key '" + key + "' is " + v + ", expected a 32-bit integer");
        }
        return (int) v;
    }

    /** @return {@code key}'s int value, or {@code defaultValue} if the key is absent */
    public int getInt(String key, int defaultValue) {
        return values.containsKey(key) ? getInt(key) : defaultValue;
    }

    /** @return a FLOAT32 value (a FLOAT64 value is narrowed) */
    public float getFloat(String key) {
        Object v = require(key, "a FLOAT32", x -> x.type() == GgufValueType.FLOAT32 || x.type() == GgufValueType.FLOAT64);
        return v instanceof Double d ? d.floatValue() : (Float) v;
    }

    /** @return {@code key}'s float value, or {@code defaultValue} if the key is absent */
    public float getFloat(String key, float defaultValue) {
        return values.containsKey(key) ? getFloat(key) : defaultValue;
    }

    public boolean getBoolean(String key) {
        return (Boolean) require(key, "a BOOL", v -> v.type() == GgufValueType.BOOL);
    }

    /** @return a STRING array */
    @SuppressWarnings("unchecked")
    public List<String> getStringList(String key) {
        return (List<String>) require(key, "an array of STRING", v -> v.elementType() == GgufValueType.STRING);
    }

    /** @return a FLOAT32 array (copy) */
    public float[] getFloatArray(String key) {
        return (float[]) require(key, "an array of FLOAT32", v -> v.elementType() == GgufValueType.FLOAT32);
    }

    /** @return an INT8, INT16, INT32, UINT8 or UINT16 array (copy) */
    public int[] getIntArray(String key) {
        return (int[]) require(key, "an array of 8- to 32-bit integers", v -> v.rawValue() instanceof int[]);
    }

    private Object require(String key, String expected, java.util.function.Predicate<GgufValue> ok) {
        GgufValue v = values.get(key);
        if (v == null) {
            throw new GgufFormatException(path, -1, "metadata key '" + key + "' is missing, expected " + expected);
        }
        if (!ok.test(v)) {
            throw new GgufFormatException(path, -1, "metadata key '" + key + "' has type " + typeName(v)
                    + ", expected " + expected);
        }
        return v.value();
    }

    private static String typeName(GgufValue v) {
        return v.type() == GgufValueType.ARRAY ? "ARRAY of " + v.elementType() : v.type().toString();
    }

    /** @return the tensor infos in file order; unmodifiable */
    public List<GgufTensorInfo> tensors() {
        return tensors;
    }

    /** @return the tensor named {@code name}, never {@code null} but potentially empty */
    public Optional<GgufTensorInfo> findTensor(String name) {
        return Optional.ofNullable(tensorsByName.get(name));
    }

    /** @throws GgufFormatException naming the file and tensor if there is no such tensor */
    public GgufTensorInfo tensor(String name) {
        GgufTensorInfo t = tensorsByName.get(name);
        if (t == null) {
            throw new GgufFormatException(path, -1, "tensor '" + name + "' is missing (the file has "
                    + tensors.size() + " tensors)");
        }
        return t;
    }

    /**
     * Returns a tensor's bytes.
     *
     * @param t a tensor info of this file
     * @return a read-only slice of exactly {@code t.byteSize()} bytes; its address is a multiple of
     *     the file's alignment (at least 32) in MEMORY mode, and at that file offset in MMAP mode
     * @throws IllegalArgumentException if {@code t} is not a tensor of this file
     * @throws IllegalStateException if the file is closed
     */
    public MemorySegment data(GgufTensorInfo t) {
        return slice(t).asReadOnly();
    }

    private MemorySegment slice(GgufTensorInfo t) {
        if (!t.equals(tensorsByName.get(t.name()))) {
            throw new IllegalArgumentException("tensor " + t + " is not a tensor of " + path);
        }
        if (closed.get()) {
            throw new IllegalStateException("GGUF file is closed: " + path);
        }
        return data.asSlice(t.offset(), t.byteSize());
    }

    /**
     * Returns a tensor's bytes for writing, so that a loader can re-layout weights in place (e.g.
     * into a kernel's tiled format) without a second copy. Only the in-memory copy changes, never
     * the file; {@link #data} then returns the changed bytes too.
     *
     * @param t a tensor info of this file
     * @return a writable slice of exactly {@code t.byteSize()} bytes of the off-heap copy
     * @throws IllegalStateException in {@link WeightLoading#MMAP} mode (the mapping is read-only)
     *     or if the file is closed
     * @throws IllegalArgumentException if {@code t} is not a tensor of this file
     */
    public MemorySegment writableData(GgufTensorInfo t) {
        if (loading != WeightLoading.MEMORY) {
            throw new IllegalStateException("tensor '" + t.name() + "' of " + path + " is memory-mapped read-only;"
                    + " open the file with WeightLoading.MEMORY to modify tensor data");
        }
        return slice(t);
    }

    /** Same as {@code data(tensor(name))}. */
    public MemorySegment data(String name) {
        return data(tensor(name));
    }

    /** @return the number of bytes of tensor data this file holds (resident in MEMORY mode) */
    public long dataBytes() {
        return data.byteSize();
    }

    /** Releases the mapping or off-heap copy; idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            arena.close();
        }
    }

    @Override
    public String toString() {
        return "GgufFile[" + path + ", v" + version + ", " + values.size() + " keys, " + tensors.size()
                + " tensors, " + loading + "]";
    }

}
