package dev.bitnet.perf.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SafeFileNameTests {
    @Test
    void junitUniqueIdBecomesReadableAndSafe() {
        String id = "[engine:junit-jupiter]/[class:dev.bitnet.DecodeTests]/[test-template:decode(int)]/[test-template-invocation:#2]";
        String name = SafeFileName.of(id);
        assertThat(name).matches("[A-Za-z0-9._-]+").startsWith("engine_junit-jupiter_class_dev.bitnet.DecodeTests_test-template");
        assertThat(name).hasSizeLessThanOrEqualTo(SafeFileName.MAX_READABLE_LENGTH + 13);
    }

    @Test
    void dangerousIdsCannotEscapeTheDirectory() {
        for (String id : List.of("..", "../../etc/passwd", "/", "a/../../b", ".hidden", "C:\\x", "con:", "a\u0000b", "   ")) {
            String name = SafeFileName.of(id);
            assertThat(name).as(id).matches("[A-Za-z0-9][A-Za-z0-9._-]*").doesNotContain("..").doesNotContain("/");
        }
    }

    @Test
    void idsThatCleanToTheSameTextStayDistinct() {
        Set<String> names = new HashSet<>();
        for (String id : List.of("a/b", "a:b", "a_b", "a b", "a..b", "a.b", "a?b", "A/b")) {
            names.add(SafeFileName.of(id));
        }
        assertThat(names).hasSize(8);
    }

    @Test
    void sameIdGivesSameName() {
        assertThat(SafeFileName.of("x/y")).isEqualTo(SafeFileName.of("x/y")).endsWith("-" + SafeFileName.shortHash("x/y"));
    }

    @Test
    void rejectsEmptyId() {
        assertThatThrownBy(() -> SafeFileName.of("")).hasMessage("test id must not be empty");
    }
}
