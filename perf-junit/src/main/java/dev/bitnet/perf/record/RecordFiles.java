package dev.bitnet.perf.record;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.apiguardian.api.API;

/**
 * Where records go: one file per test or invocation, named
 * {@code <ClassSimpleName>.<method>[<invocation>]-<hash>.json} with every character outside
 * {@code [A-Za-z0-9._-]} replaced, at most {@value #MAX_NAME_CHARS} characters, plus an 8-digit
 * hash of the unique id so that two tests never share a file and a re-run replaces its own.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class RecordFiles {

    /** The longest stem of a record file name, hash excluded. */
    public static final int MAX_NAME_CHARS = 120;

    private RecordFiles() {}

    /** The record file of a test in {@code directory}. */
    public static Path fileFor(Path directory, String testId, String className, String methodName, String displayName) {
        String simpleClass = className.substring(className.lastIndexOf('.') + 1);
        String method = methodName.contains("(") ? methodName.substring(0, methodName.indexOf('(')) : methodName;
        String invocation = invocationSuffix(testId);
        String stem = safe(simpleClass + "." + method + invocation);
        if (stem.length() > MAX_NAME_CHARS) {
            stem = stem.substring(0, MAX_NAME_CHARS);
        }
        return directory.resolve(stem + "-" + hash(testId) + ".json");
    }

    /** Replaces every character outside {@code [A-Za-z0-9._-]} with {@code _}, collapsing runs. */
    public static String safe(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean lastReplaced = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '-' || c == '_';
            if (ok) {
                out.append(c);
                lastReplaced = false;
            } else if (!lastReplaced) {
                out.append('_');
                lastReplaced = true;
            }
        }
        String safe = out.toString();
        // Never a hidden file or a relative path segment.
        while (safe.startsWith(".")) {
            safe = "_" + safe.substring(1);
        }
        return safe.isEmpty() ? "_" : safe;
    }

    /** "-3" for the third invocation of a test template ({@code .../[test-template-invocation:#3]}). */
    private static String invocationSuffix(String testId) {
        int at = testId.lastIndexOf("-invocation:#");
        if (at < 0) {
            return "";
        }
        int end = testId.indexOf(']', at);
        return "-" + testId.substring(at + "-invocation:#".length(), end < 0 ? testId.length() : end);
    }

    private static String hash(String testId) {
        CRC32 crc = new CRC32();
        crc.update(testId.getBytes(StandardCharsets.UTF_8));
        return String.format("%08x", crc.getValue());
    }
}
