package dev.bitnet.engine.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A corrupted-file corpus: truncations, flipped bytes, inflated lengths and counts, bad magic,
 * version and type ids, tensor data out of bounds. Every case must end in a
 * {@link GgufFormatException} (or, for a corruption that leaves a valid file, a successful open);
 * never another exception, an {@link OutOfMemoryError} or a hang.
 */
@DisplayName("GgufFile on corrupted files")
class GgufCorruptionTests {

    @TempDir
    Path dir;

    /** Opens {@code bytes} in both modes; returns the exception, or null if both opens succeed. */
    GgufFormatException open(byte[] bytes) throws IOException {
        return open(bytes, WeightLoading.values());
    }

    /**
     * Opens {@code bytes} in the given modes (the large corpora use MMAP only, to stay fast: both
     * modes share the parser and differ only in how the data section is made available).
     */
    GgufFormatException open(byte[] bytes, WeightLoading... modes) throws IOException {
        Path p = dir.resolve("c.gguf");
        Files.write(p, bytes);
        GgufFormatException first = null;
        for (WeightLoading loading : modes) {
            try (GgufFile f = GgufFile.open(p, loading)) {
                for (GgufTensorInfo t : f.tensors()) {
                    if (t.byteSize() > 0) {
                        f.data(t).get(java.lang.foreign.ValueLayout.JAVA_BYTE, t.byteSize() - 1);
                    }
                }
                assertThat(first).as("MMAP and MEMORY agree").isNull();
            } catch (GgufFormatException e) {
                if (loading == WeightLoading.MEMORY && modes.length == 2) {
                    assertThat(first).as("MMAP and MEMORY agree").isNotNull();
                }
                first = e;
            } catch (Throwable t) {
                fail("expected GgufFormatException or success but got " + t, t);
            }
        }
        return first;
    }

    GgufFormatException rejects(byte[] bytes) throws IOException {
        GgufFormatException e = open(bytes);
        assertThat(e).as("corrupted file must be rejected").isNotNull();
        assertThat(e.getMessage()).startsWith(dir.resolve("c.gguf").toString() + ": ");
        return e;
    }

    /** Little-endian byte builder for hand-made GGUF files. */
    static final class Raw {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Raw u32(long v) { return bytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array()); }
        Raw u64(long v) { return bytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array()); }
        Raw u8(int v) { out.write(v); return this; }
        Raw str(String s) { byte[] b = s.getBytes(StandardCharsets.UTF_8); u64(b.length); return bytes(b); }
        Raw bytes(byte[] b) { out.writeBytes(b); return this; }
        Raw header(int version, long tensors, long kvs) { return bytes("GGUF".getBytes(StandardCharsets.US_ASCII)).u32(version).u64(tensors).u64(kvs); }
        Raw padTo(int a) { while (out.size() % a != 0) out.write(0); return this; }
        int size() { return out.size(); }
        byte[] build() { return out.toByteArray(); }
    }

    /** A valid file: 2 KVs, one F32 tensor of 8 elements ([1..8]) at offset 0, no trailing padding. */
    static Raw valid() {
        Raw r = new Raw().header(3, 1, 2);
        r.str("general.architecture").u32(8).str("bitnet");
        r.str("tokens").u32(9).u32(8).u64(2).str("a").str("b");
        r.str("w").u32(1).u64(8).u32(0).u64(0);
        r.padTo(32);
        for (int i = 1; i <= 8; i++) {
            r.bytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(i).array());
        }
        return r;
    }

    @Test
    @DisplayName("the hand-made base file is valid")
    void baseIsValid() throws IOException {
        assertThat(open(valid().build())).isNull();
    }

    @Nested
    @DisplayName("corpus")
    class Corpus {

        byte[] model;

        @BeforeEach
        void writeModel() throws IOException {
            Path p = dir.resolve("m.gguf");
            GgufWriter w = GgufRoundTripTests.everything(32, 11);
            // end the file with a 64-byte tensor, so that any truncation cuts tensor data
            w.addTensor("last", GgmlType.F32, new long[] {16}, new byte[64]);
            w.write(p);
            model = Files.readAllBytes(p);
        }

        @Test
        @DisplayName("every truncation of a valid file is rejected")
        void everyTruncation() {
            assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
                int headerEnd;
                try (GgufFile f = GgufFile.open(write(model), WeightLoading.MMAP)) {
                    headerEnd = (int) f.dataOffset();
                }
                // every length inside the header, then every 13th through the tensor data
                for (int len = 0; len < model.length; len += len < headerEnd ? 1 : 13) {
                    rejects(Arrays.copyOf(model, len));
                }
                rejects(Arrays.copyOf(model, model.length - 1));
            });
        }

        @Test
        @DisplayName("flipped bits and bytes anywhere give a domain exception or a valid file")
        void flippedBytes() {
            assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
                int headerEnd;
                try (GgufFile f = GgufFile.open(write(model), WeightLoading.MMAP)) {
                    headerEnd = (int) f.dataOffset();
                }
                int rejected = 0;
                for (int pos = 0; pos < headerEnd; pos++) {
                    for (int mask : new int[] {0x01, 0xFF}) {
                        byte[] b = model.clone();
                        b[pos] ^= (byte) mask;
                        rejected += open(b, WeightLoading.MMAP) != null ? 1 : 0;
                    }
                }
                assertThat(rejected).as("most header corruptions are detected").isGreaterThan(headerEnd);
            });
        }

        @Test
        @DisplayName("random multi-byte corruption gives a domain exception or a valid file")
        void randomCorruption() {
            assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
                SplittableRandom rnd = new SplittableRandom(42);
                for (int i = 0; i < 600; i++) {
                    byte[] b = model.clone();
                    int edits = 1 + rnd.nextInt(8);
                    for (int e = 0; e < edits; e++) {
                        int pos = rnd.nextInt(Math.min(b.length, 1200));
                        b[pos] = rnd.nextBoolean() ? (byte) 0xFF : (byte) rnd.nextInt(256);
                    }
                    try {
                        open(b);
                    } catch (AssertionError err) {
                        throw new AssertionError("case " + i + " (seed 42)", err);
                    }
                }
            });
        }

        @Test
        @DisplayName("every 8-byte length or count field set to huge values is rejected without allocating")
        void inflatedLengths() {
            assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
                long[] huge = {-1L, 1L << 40, model.length};
                int rejected = 0;
                // every 8-byte-aligned-or-not position in the header: a length there becomes huge
                int headerEnd;
                try (GgufFile f = GgufFile.open(write(model), WeightLoading.MMAP)) {
                    headerEnd = (int) f.dataOffset();
                }
                for (int pos = 8; pos + 8 <= headerEnd; pos++) {
                    for (long v : huge) {
                        byte[] b = model.clone();
                        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(pos, v);
                        rejected += open(b, WeightLoading.MMAP) != null ? 1 : 0;
                    }
                }
                assertThat(rejected).isGreaterThan(headerEnd);
            });
        }

        Path write(byte[] b) throws IOException {
            Path p = dir.resolve("w.gguf");
            Files.write(p, b);
            return p;
        }
    }

    @Nested
    @DisplayName("names the field, value and expectation")
    class Messages {

        @Test
        void badMagic() throws IOException {
            byte[] b = valid().build();
            b[0] = 'X';
            b[3] = 0;
            assertThat(rejects(b)).hasMessageEndingWith(": invalid magic characters: 'XGU\\x00', expected 'GGUF' (at byte 0)");
        }

        @Test
        void tooShort() throws IOException {
            assertThat(rejects(new byte[0])).hasMessageContaining("file is 0 bytes, too short for the 24-byte GGUF header");
            assertThat(rejects("GGUF\3\0\0\0".getBytes(StandardCharsets.ISO_8859_1))).hasMessageContaining("file is 8 bytes");
        }

        @Test
        void badVersions() throws IOException {
            assertThat(rejects(withU32(valid().build(), 4, 1))).hasMessageContaining("GGUFv1 is no longer supported");
            assertThat(rejects(withU32(valid().build(), 4, 4)))
                    .hasMessageContaining("this GGUF file is version 4 but this software only supports versions 2 to 3 (at byte 4)");
            assertThat(rejects(withU32(valid().build(), 4, 0x03000000))).hasMessageContaining("looks like a big-endian GGUF file");
            assertThat(open(withU32(valid().build(), 4, 2))).as("v2 has the same layout").isNull();
        }

        @Test
        void inflatedCounts() throws IOException {
            assertThat(rejects(withU64(valid().build(), 8, 1L << 40))).hasMessageContaining("tensor_count is 1099511627776, but the");
            assertThat(rejects(withU64(valid().build(), 16, -1))).hasMessageContaining("metadata_kv_count is 18446744073709551615");
        }

        @Test
        void inflatedStringLength() throws IOException {
            byte[] b = withU64(valid().build(), 24, Integer.MAX_VALUE);
            assertThat(rejects(b)).hasMessageContaining("key of metadata entry 0 has length 2147483647, but only")
                    .hasMessageEndingWith("(at byte 24)");
        }

        @Test
        void inflatedArrayLength() throws IOException {
            Raw r = new Raw().header(3, 0, 1);
            r.str("tokens").u32(9).u32(8).u64(1L << 35).str("a");
            assertThat(rejects(r.build())).hasMessageContaining("metadata key 'tokens' is an array of 34359738368 STRING values");
        }

        @Test
        void badValueType() throws IOException {
            Raw r = new Raw().header(3, 0, 1);
            r.str("k").u32(13).u32(0);
            assertThat(rejects(r.build())).hasMessageContaining("metadata key 'k' has value type 13, expected 0 to 12 (at byte 33)");
        }

        @Test
        void badBool() throws IOException {
            Raw r = new Raw().header(3, 0, 1);
            r.str("b").u32(7).u8(2);
            assertThat(rejects(r.build())).hasMessageContaining("metadata key 'b' is a BOOL with byte value 2, expected 0 or 1");
        }

        @Test
        void invalidUtf8() throws IOException {
            Raw r = new Raw().header(3, 0, 1);
            r.u64(2).bytes(new byte[] {(byte) 0xC3, 0x28}).u32(4).u32(1);
            assertThat(rejects(r.build())).hasMessageContaining("key of metadata entry 0 is not valid UTF-8");
        }

        @Test
        void deepNesting() throws IOException {
            Raw r = new Raw().header(3, 0, 1);
            r.str("n").u32(9);
            for (int i = 0; i < 20; i++) {
                r.u32(9).u64(1);
            }
            r.u32(4).u64(0);
            assertThat(rejects(r.build())).hasMessageContaining("metadata key 'n'[0][0][0][0][0][0][0][0] nests arrays more than 8 levels deep");
        }

        @Test
        void duplicateKey() throws IOException {
            Raw r = new Raw().header(3, 0, 2);
            r.str("k").u32(4).u32(1).str("k").u32(4).u32(2);
            assertThat(rejects(r.build())).hasMessageContaining("duplicate metadata key 'k' (at byte 41)");
        }

        @Test
        void badAlignment() throws IOException {
            for (long a : new long[] {0, 3, 1L << 30}) {
                Raw r = new Raw().header(3, 0, 1);
                r.str("general.alignment").u32(4).u32(a);
                assertThat(rejects(r.build())).hasMessageContaining("metadata key 'general.alignment' is " + a
                        + ", expected a power of two from 1 to 1048576");
            }
            Raw r = new Raw().header(3, 0, 1);
            r.str("general.alignment").u32(5).u32(32);
            assertThat(rejects(r.build())).hasMessageContaining("metadata key 'general.alignment' has type INT32, expected UINT32");
        }

        @Test
        void badTensorType() throws IOException {
            assertThat(rejects(tensor("w", 1, new long[] {8}, 4, 0)))
                    .hasMessageContaining("tensor 'w' has type id 4, expected one of [0, 1, 2, 3, 6,");
            assertThat(rejects(tensor("w", 1, new long[] {8}, 1000, 0))).hasMessageContaining("tensor 'w' has type id 1000");
            assertThat(rejects(tensor("w", 1, new long[] {128}, GgmlType.TL2.id(), 0)))
                    .hasMessageContaining("tensor 'w' has type TL2, whose packing depends on bitnet.cpp's kernel build");
        }

        @Test
        void badDimensions() throws IOException {
            assertThat(rejects(tensor("w", 0, new long[] {}, 0, 0))).hasMessageContaining("tensor 'w' has 0 dimensions, expected 1 to 4");
            assertThat(rejects(tensor("w", 5, new long[] {1, 1, 1, 1, 1}, 0, 0))).hasMessageContaining("tensor 'w' has 5 dimensions");
            assertThat(rejects(tensor("w", 1, new long[] {-5}, 0, 0)))
                    .hasMessageContaining("tensor 'w' has ne[0] = 18446744073709551611, expected at most");
            assertThat(rejects(tensor("w", 2, new long[] {1L << 40, 1L << 40}, 0, 0)))
                    .hasMessageContaining("element count overflows a 64-bit integer");
            assertThat(rejects(tensor("w", 1, new long[] {33}, GgmlType.Q8_0.id(), 0)))
                    .hasMessageContaining("tensor 'w' of type Q8_0 has ne[0] = 33, expected a multiple of the block size 32");
        }

        @Test
        void tensorDataOutOfBounds() throws IOException {
            assertThat(rejects(tensor("w", 1, new long[] {9}, 0, 0)))
                    .hasMessageContaining("tensor 'w' data [0, 36) lies beyond the end of the data section of 32 bytes");
            assertThat(rejects(tensor("w", 1, new long[] {8}, 0, 1L << 62)))
                    .hasMessageContaining("tensor 'w' data [4611686018427387904, ");
            assertThat(rejects(tensor("w", 1, new long[] {8}, 0, -32)))
                    .hasMessageContaining("tensor 'w' has offset 18446744073709551584");
            assertThat(rejects(tensor("w", 1, new long[] {1}, 0, 4)))
                    .hasMessageContaining("tensor 'w' has offset 4, expected a multiple of the alignment 32");
        }

        @Test
        void overlappingAndDuplicateTensors() throws IOException {
            Raw r = new Raw().header(3, 2, 0);
            r.str("a").u32(1).u64(16).u32(0).u64(0);
            r.str("b").u32(1).u64(8).u32(0).u64(32);
            r.padTo(32).bytes(new byte[96]);
            assertThat(rejects(r.build())).hasMessageContaining("tensor 'b' has offset 32, expected at least 64 (the end of tensor 'a', which it overlaps)");
            Raw d = new Raw().header(3, 2, 0);
            d.str("a").u32(1).u64(8).u32(0).u64(0);
            d.str("a").u32(1).u64(8).u32(0).u64(32);
            d.padTo(32).bytes(new byte[64]);
            assertThat(rejects(d.build())).hasMessageContaining("duplicate tensor name 'a'");
        }

        @Test
        void badTensorNames() throws IOException {
            assertThat(rejects(tensor("", 1, new long[] {8}, 0, 0))).hasMessageContaining("tensor 0 has a name of 0 bytes");
            assertThat(rejects(tensor("x".repeat(64), 1, new long[] {8}, 0, 0))).hasMessageContaining("tensor 0 has a name of 64 bytes");
        }

        @Test
        void missingFile() {
            assertThatThrownBy(() -> GgufFile.open(dir.resolve("nope.gguf"), WeightLoading.MMAP))
                    .isInstanceOf(GgufFormatException.class).hasMessageEndingWith("nope.gguf: file does not exist");
        }

        byte[] tensor(String name, int nDims, long[] ne, int type, long offset) {
            Raw r = new Raw().header(3, 1, 0);
            r.str(name).u32(nDims);
            for (long d : ne) {
                r.u64(d);
            }
            r.u32(type).u64(offset);
            r.padTo(32).bytes(new byte[32]);
            return r.build();
        }

        byte[] withU32(byte[] b, int pos, int v) {
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(pos, v);
            return b;
        }

        byte[] withU64(byte[] b, int pos, long v) {
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(pos, v);
            return b;
        }
    }

    @Test
    @DisplayName("truncations and header corruptions of bitnet.cpp's fixture are rejected or harmless")
    void fixtureCorpus() throws Exception {
        byte[] model = Files.readAllBytes(BitnetCppFixtureTests.resource("model.gguf"));
        SplittableRandom rnd = new SplittableRandom(3);
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int i = 0; i < 12; i++) {
                rejects(Arrays.copyOf(model, rnd.nextInt(model.length)));
            }
            for (int i = 0; i < 24; i++) {
                byte[] b = model.clone();
                int pos = i < 12 ? rnd.nextInt(2000) : rnd.nextInt(817728);
                b[pos] ^= (byte) (1 + rnd.nextInt(255));
                open(b);
            }
        });
    }
}
