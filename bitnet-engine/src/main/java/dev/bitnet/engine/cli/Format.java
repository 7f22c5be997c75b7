package dev.bitnet.engine.cli;

import java.util.Map;

/** Output format of a command: human text or JSON. */
enum Format {
    TEXT, JSON;

    static Format parse(Args a) {
        return a.choice(Map.of("text", TEXT, "json", JSON), TEXT, "--format", "-o");
    }
}
