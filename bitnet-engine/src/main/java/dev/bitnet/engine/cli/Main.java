package dev.bitnet.engine.cli;

import dev.bitnet.engine.gguf.GgufFormatException;
import dev.bitnet.engine.model.ModelFormatException;
import dev.bitnet.engine.model.ModelRunners;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point of {@code java -jar bitnet.jar} and the {@code bitnet} script.
 *
 * <p>Exit codes: 0 success, 1 a failure while running (bad model file, I/O error, unusable backend,
 * prompt too long), 2 a usage error. Messages go to stderr without a stack trace unless
 * {@code --verbose} is given.
 *
 * <p>The engine needs the incubating Vector API module; when the JVM was started without it,
 * {@code main} starts the same Java binary again with {@code --add-modules jdk.incubator.vector
 * --enable-native-access=ALL-UNNAMED} (plus a small heap and the serial collector unless the user
 * chose a heap), the same class path and the same arguments, and exits with its exit code.
 */
public final class Main {

    static final String USAGE = """
            usage: bitnet <command> [options]

            commands:
              synth    --preset tiny|small|2b4t [--seed N] --out FILE
                       write a deterministic synthetic I2_S BitNet model
              info     FILE [--format text|json]
                       metadata, tensor table and model configuration of a GGUF file
              generate FILE --prompt TEXT [-n 32] [--temp 0] [--top-k 40] [--top-p 0.95] [--seed 0]
                       [--threads 2] [--backend auto|cpu|cuda] [--weights mmap|memory] [--head f16|int8]
                       [--stop TEXT]... [--format text|json]
                       generate text (greedy when --temp is 0, the default)
              bench    FILE [-p 128] [-n 64] [-t 2] [-r 5] [--weights memory|mmap] [--head f16|int8]
                       [--backend auto|cpu|cuda] [--format text|json]
                       prompt processing and generation speed, like llama-bench
              help     this text

            common options: --verbose (stack traces on errors)
            """;

    private Main() {}

    public static void main(String[] args) {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty() && System.getProperty("bitnet.relaunched") == null) {
            System.exit(relaunch(args));
        }
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command line; returns the exit code. Used by tests without a new JVM. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> list = new ArrayList<>(Arrays.asList(args));
        boolean verbose = list.remove("--verbose");
        if (list.isEmpty() || list.get(0).equals("help") || list.get(0).equals("--help") || list.get(0).equals("-h")) {
            (list.isEmpty() ? err : out).print(USAGE);
            return list.isEmpty() ? 2 : 0;
        }
        String command = list.remove(0);
        try {
            switch (command) {
                case "synth" -> SynthCommand.run(list, out);
                case "info" -> InfoCommand.run(list, out);
                case "generate" -> GenerateCommand.run(list, out, err);
                case "bench" -> BenchCommand.run(list, out, err);
                default -> throw new UsageException("unknown command '" + command + "'; expected one of [synth, info, generate, bench, help]");
            }
            out.flush();
            return 0;
        } catch (UsageException e) {
            err.println("bitnet " + command + ": " + e.getMessage());
            err.println("run 'bitnet help' for usage");
            return 2;
        } catch (GgufFormatException | ModelFormatException | ModelRunners.BackendUnavailableException
                | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            err.println("bitnet " + command + ": error: " + message(e));
            if (verbose) {
                e.printStackTrace(err);
            }
            return 1;
        } catch (IOException e) {
            err.println("bitnet " + command + ": I/O error: " + message(e));
            if (verbose) {
                e.printStackTrace(err);
            }
            return 1;
        } catch (OutOfMemoryError e) {
            err.println("bitnet " + command + ": out of memory: " + e.getMessage()
                    + " (raise the heap with JAVA_OPTS=-Xmx...)");
            return 1;
        } catch (RuntimeException e) {
            err.println("bitnet " + command + ": internal error: " + e);
            if (verbose) {
                e.printStackTrace(err);
            } else {
                err.println("(run with --verbose for the stack trace)");
            }
            return 1;
        }
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file: " + m;
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "access denied: " + m;
        }
        if (e instanceof UncheckedIOException u && u.getCause() != null) {
            return message(u.getCause());
        }
        return m == null ? e.toString() : m;
    }

    /** Starts this JVM again with the Vector API module; returns the child's exit code. */
    private static int relaunch(String[] args) {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        List<String> jvmArgs = ManagementFactory.getRuntimeMXBean().getInputArguments();
        cmd.addAll(jvmArgs);
        cmd.add("--add-modules=jdk.incubator.vector");
        cmd.add("--enable-native-access=ALL-UNNAMED");
        if (jvmArgs.stream().noneMatch(a -> a.startsWith("-Xmx") || a.startsWith("-XX:MaxRAM"))) {
            cmd.add("-Xmx512m");
            cmd.add("-Xmn12m");
        }
        if (jvmArgs.stream().noneMatch(a -> a.startsWith("-XX:+Use") && a.endsWith("GC"))) {
            cmd.add("-XX:+UseSerialGC");
        }
        if (jvmArgs.stream().noneMatch(a -> a.startsWith("-XX:TrimNativeHeapInterval"))) {
            cmd.add("-XX:TrimNativeHeapInterval=1000"); // the JIT's transient C heap (see the bitnet script)
        }
        cmd.add("-Dbitnet.relaunched=true");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(Arrays.asList(args));
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
            pb.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
            Process p = pb.start();
            return p.waitFor();
        } catch (IOException e) {
            System.err.println("bitnet: could not start " + java + " with --add-modules jdk.incubator.vector: "
                    + e.getMessage() + "; run java --add-modules jdk.incubator.vector -jar bitnet.jar ...");
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }
}
