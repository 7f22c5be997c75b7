package dev.bitnet.engine.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("StreamDecoder")
class StreamDecoderTests {
    private final Tokenizer t = SyntheticTokenizers.LLAMA3;

    private int byteToken(int b) {
        return t.tokenId(String.valueOf(ByteLevel.toChar(b))).orElseThrow();
    }

    @Test
    @DisplayName("holds back the bytes of a character until its last byte arrives")
    void holdsBackIncompleteCharacters() {
        StreamDecoder stream = t.streamDecoder();

        // 😀 = F0 9F 98 80
        assertThat(stream.accept(byteToken(0xF0))).isEmpty();
        assertThat(stream.accept(byteToken(0x9F))).isEmpty();
        assertThat(stream.accept(byteToken(0x98))).isEmpty();
        assertThat(stream.accept(byteToken(0x80))).isEqualTo("😀");
        assertThat(stream.accept(byteToken('a'))).isEqualTo("a");
        assertThat(stream.finish()).isEmpty();
    }

    @Test
    @DisplayName("emits an unfinished character at the end as U+FFFD")
    void finishesWithReplacementCharacter() {
        StreamDecoder stream = t.streamDecoder();

        assertThat(stream.accept(byteToken(0xE2))).isEmpty();
        assertThat(stream.finish()).isEqualTo("\uFFFD");
    }

    @Test
    @DisplayName("streams the same text as decode for seeded random token sequences, bytes included")
    void streamsLikeDecode() {
        Random random = new Random(99);
        for (int i = 0; i < 300; i++) {
            int[] ids = new int[random.nextInt(30)];
            for (int k = 0; k < ids.length; k++) {
                // mostly single bytes, so that characters and invalid sequences get split across tokens
                ids[k] = random.nextBoolean() ? byteToken(0x80 + random.nextInt(0x80)) : random.nextInt(t.vocabSize());
            }
            StreamDecoder stream = t.streamDecoder();
            StringBuilder text = new StringBuilder();
            for (int id : ids) {
                text.append(stream.accept(id));
            }
            text.append(stream.finish());
            assertThat(text.toString()).as("seed 99, case %d", i).isEqualTo(t.decode(ids));
        }
    }

    @Test
    @DisplayName("streams text encoded from random strings back exactly")
    void streamsEncodedTextBack() {
        Random random = new Random(3);
        for (int i = 0; i < 200; i++) {
            String text = RandomText.string(random, 50);
            StreamDecoder stream = t.streamDecoder();
            StringBuilder out = new StringBuilder();
            for (int id : t.encode(text, true, false)) {
                out.append(stream.accept(id));
            }
            assertThat(out.append(stream.finish()).toString()).as("seed 3, case %d", i).isEqualTo(text);
        }
    }
}
