package dev.bitnet.engine.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("GgufWriter -> GgufFile round trip")
class GgufRoundTripTests {

    @TempDir
    Path dir;

    /** A writer with every value type, nested and empty arrays, and tensors of five types. */
    static GgufWriter everything(int alignment, long seed) {
        GgufWriter w = new GgufWriter().alignment(alignment);
        w.putString("general.architecture", "bitnet-b1.58");
        w.put("u8", GgufValue.uint8(255));
        w.put("i8", GgufValue.int8(-128));
        w.put("u16", GgufValue.uint16(65535));
        w.put("i16", GgufValue.int16(-32768));
        w.put("u32", GgufValue.uint32(0xFFFF_FFFFL));
        w.put("i32", GgufValue.int32(Integer.MIN_VALUE));
        w.put("u64", GgufValue.uint64(-1L));
        w.put("i64", GgufValue.int64(Long.MIN_VALUE));
        w.put("f32", GgufValue.float32(1e-5f));
        w.put("f64", GgufValue.float64(Math.PI));
        w.put("bool", GgufValue.bool(true));
        w.put("string.unicode", GgufValue.string("Ġhello wörld ✓ 🦙"));
        w.put("string.empty", GgufValue.string(""));
        w.put("a.u8", GgufValue.intArray(GgufValueType.UINT8, new int[] {0, 1, 255}));
        w.put("a.i8", GgufValue.intArray(GgufValueType.INT8, new int[] {-128, 0, 127}));
        w.put("a.u16", GgufValue.intArray(GgufValueType.UINT16, new int[] {0, 65535}));
        w.put("a.i16", GgufValue.intArray(GgufValueType.INT16, new int[] {-32768, 32767}));
        w.put("a.i32", GgufValue.intArray(GgufValueType.INT32, new int[] {1, -2, 3}));
        w.put("a.u32", GgufValue.longArray(GgufValueType.UINT32, new long[] {0, 0xFFFF_FFFFL}));
        w.put("a.i64", GgufValue.longArray(GgufValueType.INT64, new long[] {Long.MIN_VALUE, Long.MAX_VALUE}));
        w.put("a.u64", GgufValue.longArray(GgufValueType.UINT64, new long[] {-1L, 5}));
        w.put("a.f32", GgufValue.floatArray(new float[] {0.5f, -0f, Float.MIN_VALUE, Float.POSITIVE_INFINITY}));
        w.put("a.f64", GgufValue.doubleArray(new double[] {1e300, -2.5}));
        w.put("a.bool", GgufValue.boolArray(new boolean[] {true, false, true}));
        w.put("a.string", GgufValue.stringArray(List.of("a", "", "Ċ", "<|begin_of_text|>")));
        w.put("a.empty", GgufValue.floatArray(new float[0]));
        w.put("a.nested", GgufValue.nestedArray(List.of(
                GgufValue.intArray(GgufValueType.INT32, new int[] {1, 2}),
                GgufValue.stringArray(List.of("x")),
                GgufValue.nestedArray(List.of(GgufValue.boolArray(new boolean[] {false}))))));
        SplittableRandom rnd = new SplittableRandom(seed);
        w.addTensor("token_embd.weight", GgmlType.F16, new long[] {64, 10}, randomBytes(rnd, 64 * 10 * 2));
        w.addTensor("blk.0.attn_norm.weight", GgmlType.F32, new long[] {7}, randomBytes(rnd, 28));
        w.addTensor("blk.0.attn_q.weight", GgmlType.I2_S, new long[] {128, 3}, randomBytes(rnd, 128 * 3 / 4 + 32));
        w.addTensor("q8", GgmlType.Q8_0, new long[] {64, 2}, randomBytes(rnd, 4 * 34));
        w.addTensor("q6", GgmlType.Q6_K, new long[] {256, 1, 1, 1}, randomBytes(rnd, 210));
        return w;
    }

    static byte[] randomBytes(SplittableRandom rnd, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) rnd.nextInt(256);
        }
        return b;
    }

    @ParameterizedTest
    @ValueSource(ints = {32, 64, 1, 4096})
    @DisplayName("reads back every metadata value and tensor, byte for byte, at any alignment")
    void roundTrips(int alignment) throws IOException {
        GgufWriter w = everything(alignment, 1);
        Path file = dir.resolve("rt.gguf");
        w.write(file);
        for (WeightLoading loading : WeightLoading.values()) {
            try (GgufFile f = GgufFile.open(file, loading)) {
                assertThat(f.version()).isEqualTo(3);
                assertThat(f.alignment()).isEqualTo(alignment);
                assertThat(f.values()).containsExactlyEntriesOf(w.metadata());
                assertThat(f.tensors()).containsExactlyElementsOf(w.tensorInfos());
                assertThat(f.dataOffset() % alignment).isZero();
                SplittableRandom rnd = new SplittableRandom(1);
                for (GgufTensorInfo t : f.tensors()) {
                    byte[] expected = randomBytes(rnd, (int) t.byteSize());
                    assertThat(f.data(t).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)).as(t.name()).containsExactly(expected);
                    assertThat((f.dataOffset() + t.offset()) % alignment).isZero();
                }
                assertThat(f.getLong("u64")).isEqualTo(-1L);
                assertThat(f.getInt("i32")).isEqualTo(Integer.MIN_VALUE);
                assertThat(f.getFloat("f32")).isEqualTo(1e-5f);
                assertThat(f.getString("string.unicode")).isEqualTo("Ġhello wörld ✓ 🦙");
                assertThat(f.getStringList("a.string")).containsExactly("a", "", "Ċ", "<|begin_of_text|>");
                assertThat(f.metadata().get("a.u32")).isEqualTo(new long[] {0, 0xFFFF_FFFFL});
                assertThat(f.metadata().get("a.u8")).isEqualTo(new int[] {0, 1, 255});
                assertThat(f.metadata().get("a.nested")).isInstanceOf(List.class);
                assertThat((List<?>) f.metadata().get("a.nested")).hasSize(3);
                assertThat(((List<?>) f.metadata().get("a.nested")).get(0)).isEqualTo(new int[] {1, 2});
            }
        }
    }

    @Test
    @DisplayName("writes byte-identical files from the same input")
    void deterministic() throws IOException {
        everything(32, 5).write(dir.resolve("a.gguf"));
        everything(32, 5).write(dir.resolve("b.gguf"));
        assertThat(Files.mismatch(dir.resolve("a.gguf"), dir.resolve("b.gguf"))).isEqualTo(-1);
    }

    @ParameterizedTest
    @EnumSource(WeightLoading.class)
    @DisplayName("rewrites bitnet.cpp's fixture byte for byte (except the uninitialised I2_S padding)")
    void rewritesFixtureByteForByte(WeightLoading loading) throws IOException, URISyntaxException {
        Path model = BitnetCppFixtureTests.resource("model.gguf");
        Path copy = dir.resolve("copy.gguf");
        try (GgufFile f = GgufFile.open(model, loading)) {
            GgufWriter w = new GgufWriter().putAll(f.values());
            for (GgufTensorInfo t : f.tensors()) {
                w.addTensor(t.name(), t.type(), t.ne(), f.data(t));
            }
            assertThat(w.tensorInfos()).containsExactlyElementsOf(f.tensors());
            w.write(copy);
        }
        assertThat(Files.mismatch(model, copy)).isEqualTo(-1);
    }

    @Test
    @DisplayName("leaves no file behind when a tensor producer writes the wrong number of bytes")
    void atomicOnFailure() throws IOException {
        Path out = dir.resolve("bad.gguf");
        GgufWriter w = new GgufWriter().addTensor("t", GgmlType.F32, new long[] {4}, sink -> sink.write(new byte[12], 0, 12));
        assertThatThrownBy(() -> w.write(out)).isInstanceOf(IllegalStateException.class)
                .hasMessage("tensor 't' producer wrote 12 bytes, expected 16");
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    @DisplayName("keeps an explicit general.alignment of 32 in its place, so a copy is byte-identical")
    void explicitDefaultAlignmentKept() throws IOException {
        Path a = dir.resolve("a.gguf");
        new GgufWriter().putString("first", "x").put("general.alignment", GgufValue.uint32(32)).putString("last", "y")
                .addTensor("t", GgmlType.F32, new long[] {3}, new byte[12]).write(a);
        Path b = dir.resolve("b.gguf");
        try (GgufFile f = GgufFile.open(a, WeightLoading.MMAP)) {
            assertThat(f.values().keySet()).containsExactly("first", "general.alignment", "last");
            GgufWriter w = new GgufWriter().putAll(f.values());
            w.addTensor("t", GgmlType.F32, new long[] {3}, f.data("t"));
            w.write(b);
        }
        assertThat(Files.mismatch(a, b)).isEqualTo(-1);
        assertThatThrownBy(() -> new GgufWriter().put("general.alignment", GgufValue.uint32(48)))
                .hasMessage("alignment must be a power of two from 1 to 1048576: 48");
    }

    @Test
    @DisplayName("writes files readable by all, like other output (not the owner-only temp file mode)")
    void permissions() throws IOException {
        Path out = dir.resolve("p.gguf");
        new GgufWriter().putString("k", "v").write(out);
        if (out.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(out)))
                    .isEqualTo("rw-r--r--");
        }
    }

    @Test
    @DisplayName("replaces an existing file atomically")
    void replacesExisting() throws IOException {
        Path out = dir.resolve("m.gguf");
        Files.writeString(out, "old");
        new GgufWriter().putString("k", "v").write(out);
        for (WeightLoading loading : WeightLoading.values()) {
            try (GgufFile f = GgufFile.open(out, loading)) {
                assertThat(f.metadata()).isEqualTo(Map.of("k", "v"));
                assertThat(f.tensors()).isEmpty();
                assertThat(f.dataBytes()).isZero();
            }
        }
    }

    @Test
    @DisplayName("streams tensor data from a producer, in several writes")
    void streamsTensorData() throws IOException {
        Path out = dir.resolve("s.gguf");
        long n = 3 << 20; // 3 Mi floats = 12 MiB, more than the writer's buffer
        new GgufWriter().addTensor("big", GgmlType.F32, new long[] {n}, sink -> {
            MemorySegment chunk = MemorySegment.ofArray(new float[1 << 16]);
            for (long done = 0; done < n; done += 1 << 16) {
                chunk.fill((byte) (done >> 16));
                sink.write(chunk);
            }
        }).write(out);
        try (GgufFile f = GgufFile.open(out, WeightLoading.MEMORY)) {
            MemorySegment d = f.data("big");
            assertThat(d.byteSize()).isEqualTo(n * 4);
            assertThat(d.get(java.lang.foreign.ValueLayout.JAVA_BYTE, n * 4 - 1)).isEqualTo((byte) 47);
            assertThat(d.address() % GgufFile.MEMORY_ALIGNMENT).isZero();
        }
    }

    @Test
    @DisplayName("memory-maps files over 2 GiB (a sparse file with a tensor beyond byte 2^31)")
    void mapsFilesOver2GiB() throws IOException {
        long gap = (1L << 31) + 64;
        GgufCorruptionTests.Raw r = new GgufCorruptionTests.Raw().header(3, 2, 0);
        r.str("hole").u32(1).u64(gap).u32(GgmlType.I8.id()).u64(0);
        r.str("end").u32(1).u64(4).u32(GgmlType.F32.id()).u64(gap);
        r.padTo(32);
        long dataStart = r.size();
        Path out = dir.resolve("big.gguf");
        Files.write(out, r.build());
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(out.toFile(), "rw")) {
            f.setLength(dataStart + gap + 16); // sparse: the hole takes no disk space
            f.seek(dataStart + gap);
            f.write(new byte[] {0, 0, (byte) 0x80, 0x3F}); // 1.0f
        }
        try (GgufFile f = GgufFile.open(out, WeightLoading.MMAP)) {
            assertThat(f.fileSize()).isGreaterThan(1L << 31);
            GgufTensorInfo end = f.tensor("end");
            assertThat(end.offset()).isEqualTo(gap);
            assertThat(f.data(end).get(GgufCursor.F32, 0)).isEqualTo(1.0f);
            assertThat(f.data("hole").byteSize()).isEqualTo(gap);
        }
    }

    @Test
    @DisplayName("lets a loader change tensor bytes in place in MEMORY mode only, never the file")
    void writableDataInMemoryMode() throws IOException {
        Path out = dir.resolve("w.gguf");
        everything(32, 4).write(out);
        byte[] before = Files.readAllBytes(out);
        try (GgufFile f = GgufFile.open(out, WeightLoading.MEMORY)) {
            GgufTensorInfo t = f.tensor("blk.0.attn_q.weight");
            MemorySegment w = f.writableData(t);
            assertThat(w.isReadOnly()).isFalse();
            assertThat(w.byteSize()).isEqualTo(t.byteSize());
            w.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 5, (byte) 0x7F);
            assertThat(f.data(t).get(java.lang.foreign.ValueLayout.JAVA_BYTE, 5)).isEqualTo((byte) 0x7F);
        }
        assertThat(Files.readAllBytes(out)).isEqualTo(before);
        try (GgufFile f = GgufFile.open(out, WeightLoading.MMAP)) {
            assertThatThrownBy(() -> f.writableData(f.tensor("q8"))).isInstanceOf(IllegalStateException.class)
                    .hasMessage("tensor 'q8' of " + out + " is memory-mapped read-only; open the file with"
                            + " WeightLoading.MEMORY to modify tensor data");
        }
    }

    @Test
    @DisplayName("invalidates tensor segments on close")
    void closeInvalidatesSegments() throws IOException {
        Path out = dir.resolve("c.gguf");
        everything(32, 2).write(out);
        GgufFile f = GgufFile.open(out, WeightLoading.MEMORY);
        MemorySegment d = f.data("q6");
        f.close();
        f.close();
        assertThatThrownBy(() -> d.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> f.data("q6")).isInstanceOf(IllegalStateException.class);
        assertThat(f.getString("general.architecture")).isEqualTo("bitnet-b1.58");
    }

    @Test
    @DisplayName("typed getters name the file and key when a key is missing or mistyped")
    void typedGetterErrors() throws IOException {
        Path out = dir.resolve("g.gguf");
        everything(32, 3).write(out);
        try (GgufFile f = GgufFile.open(out, WeightLoading.MMAP)) {
            assertThatThrownBy(() -> f.getLong("bitnet-b1.58.block_count")).isInstanceOf(GgufFormatException.class)
                    .hasMessage(out + ": metadata key 'bitnet-b1.58.block_count' is missing, expected an integer");
            assertThatThrownBy(() -> f.getString("u32"))
                    .hasMessage(out + ": metadata key 'u32' has type UINT32, expected a STRING");
            assertThatThrownBy(() -> f.getInt("u32"))
                    .hasMessage(out + ": metadata key 'u32' is 4294967295, expected a 32-bit integer");
            assertThatThrownBy(() -> f.getFloatArray("a.i32"))
                    .hasMessage(out + ": metadata key 'a.i32' has type ARRAY of INT32, expected an array of FLOAT32");
            assertThatThrownBy(() -> f.tensor("output.weight")).isInstanceOf(GgufFormatException.class)
                    .hasMessage(out + ": tensor 'output.weight' is missing (the file has 5 tensors)");
            assertThat(f.getInt("missing", 7)).isEqualTo(7);
            assertThat(f.find("missing")).isEmpty();
        }
    }

    @Test
    @DisplayName("the writer rejects duplicate tensors, over-long names and partial blocks")
    void writerValidates() {
        GgufWriter w = new GgufWriter().addTensor("a", GgmlType.F32, new long[] {1}, new byte[4]);
        assertThatThrownBy(() -> w.addTensor("a", GgmlType.F32, new long[] {1}, new byte[4]))
                .hasMessage("duplicate tensor name: a");
        assertThatThrownBy(() -> w.addTensor("x".repeat(64), GgmlType.F32, new long[] {1}, new byte[4]))
                .hasMessageStartingWith("tensor name must be 1 to 63 bytes");
        assertThatThrownBy(() -> w.addTensor("q", GgmlType.Q8_0, new long[] {33}, sink -> {}))
                .hasMessage("tensor 'q' of type Q8_0 needs ne[0] a multiple of 32 but was: 33");
        assertThatThrownBy(() -> w.addTensor("f", GgmlType.F32, new long[] {2}, new byte[4]))
                .hasMessage("tensor 'f' of type F32 and shape [2] needs 8 bytes but was given: 4");
        assertThatThrownBy(() -> GgufValue.uint8(256)).hasMessage("value out of range for UINT8: 256");
    }
}
