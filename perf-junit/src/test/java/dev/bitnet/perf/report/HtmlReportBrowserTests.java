package dev.bitnet.perf.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens report.html in headless Chromium: the page must render without console messages (script
 * errors and Content-Security-Policy violations both show up there), run its script, and show
 * every test. Skipped, with the reason, where Chromium is not installed ({@code .ci/run} installs it).
 */
@Tag("browser")
@DisplayName("report.html in headless Chromium")
class HtmlReportBrowserTests {

    static Optional<Path> chromium() {
        String configured = System.getProperty("perf.test.chromium");
        Stream<String> candidates = configured != null ? Stream.of(configured)
                : Stream.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
        return candidates.map(Path::of).filter(Files::isExecutable).findFirst();
    }

    @Test
    @DisplayName("renders without script errors and shows the expected tests")
    void rendersInChromium(@TempDir Path dir) throws Exception {
        Optional<Path> browser = chromium();
        assumeTrue(browser.isPresent(), "Chromium is not installed (apt-get install -y chromium); the browser check is skipped");

        RunReport report = ReportFixtures.report(
                List.of(ReportFixtures.stable("prefill(seq=128)"), ReportFixtures.regressed(), ReportFixtures.outOfMemory()),
                List.of(new BrokenRecord("records/bad.json", "not valid JSON")));
        ReportFiles.Written written = ReportFiles.write(report, dir.resolve("out"), name -> null);

        List<String> command = new ArrayList<>(List.of(browser.get().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + dir.resolve("profile"), "--enable-logging=stderr", "--v=0",
                "--dump-dom", written.html().toUri().toString()));
        Path dom = dir.resolve("dom.html");
        Path log = dir.resolve("chromium.log");
        Process process = new ProcessBuilder(command).redirectOutput(dom.toFile()).redirectError(log.toFile()).start();
        boolean finished = process.waitFor(60, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        assertThat(finished).as("chromium finished within 60 s").isTrue();
        String stderr = Files.readString(log, StandardCharsets.UTF_8);
        String html = Files.readString(dom, StandardCharsets.UTF_8);

        assertThat(consoleMessages(stderr)).as("console messages of the page").isEmpty();
        assertThat(html).as("DOM after load").contains("data-script=\"ready\"");
        for (TestResult test : report.tests()) {
            assertThat(html).contains(Html.escape(test.label()).replace("&#39;", "'"));
        }
        assertThat(html).contains("<svg class=\"chart\"").contains("Broken records");
        assertThat(html).doesNotContainPattern("<article[^>]* hidden");
    }

    @Test
    @DisplayName("console messages are recognised in Chromium's log")
    void recognisesConsoleMessages() throws IOException {
        String log = String.join("\n",
                "[1:1:1130/163645.058508:ERROR:dbus/bus.cc:405] Failed to connect to the bus",
                "[1:1:1130/163651.753494:INFO:CONSOLE:1] \"Uncaught ReferenceError: undefinedFn is not defined\", source: file:///r.html (1)",
                "[1:1:1130/163651.753494:INFO:CONSOLE(12)] \"Refused to load the image 'https://x/y.png'\", source: file:///r.html (12)");
        assertThat(consoleMessages(log)).hasSize(2).first().asString().contains("Uncaught ReferenceError");
    }

    /** Lines of Chromium's log that come from the page's console (errors, warnings, CSP violations). */
    static List<String> consoleMessages(String chromiumLog) {
        return chromiumLog.lines().filter(l -> l.contains(":CONSOLE")).toList();
    }
}
