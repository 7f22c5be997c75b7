package dev.bitnet.perf.cli;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.apiguardian.api.API;

/**
 * Entry point of {@code java -jar perf-junit.jar <command> [arguments]}: finds the
 * {@link Subcommand}s on the class path and runs the one named by the first argument.
 *
 * <p>Exit codes: 0 success, 1 a bad outcome the command was asked to fail on, 2 bad input or usage.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class Main {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_INPUT = 2;

    private Main() {}

    public static void main(String[] args) {
        // OSHI logs through SLF4J; the command-line tool has no logging set up and wants no
        // "no providers" banner on stderr. A user's own -Dslf4j.provider wins.
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
            if (System.getProperty("slf4j.internal.verbosity") == null) {
                System.setProperty("slf4j.internal.verbosity", "WARN");
            }
        }
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    /** Runs a command line and returns its exit code; never calls {@link System#exit}. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        List<Subcommand> commands = commands();
        if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("-h") || args.get(0).equals("help")) {
            if (args.size() > 1) {
                Optional<Subcommand> command = find(commands, args.get(1));
                if (command.isPresent()) {
                    out.println(command.get().usage());
                    return OK;
                }
            }
            (args.isEmpty() ? err : out).println(overview(commands));
            return args.isEmpty() ? BAD_INPUT : OK;
        }
        Optional<Subcommand> command = find(commands, args.get(0));
        if (command.isEmpty()) {
            err.println("Unknown command '" + args.get(0) + "'.");
            err.println(overview(commands));
            return BAD_INPUT;
        }
        List<String> rest = args.subList(1, args.size());
        if (rest.contains("--help") || rest.contains("-h")) {
            out.println(command.get().usage());
            return OK;
        }
        try {
            return command.get().run(rest, out, err);
        } catch (CliException e) {
            err.println("perf-junit " + command.get().name() + ": " + e.getMessage());
            return BAD_INPUT;
        }
    }

    /** The available commands, sorted by name. */
    public static List<Subcommand> commands() {
        List<Subcommand> commands = new ArrayList<>();
        ServiceLoader.load(Subcommand.class, Main.class.getClassLoader()).forEach(commands::add);
        commands.sort(Comparator.comparing(Subcommand::name));
        return commands;
    }

    private static Optional<Subcommand> find(List<Subcommand> commands, String name) {
        return commands.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    private static String overview(List<Subcommand> commands) {
        StringBuilder text = new StringBuilder("Usage: java -jar perf-junit.jar <command> [arguments]\n\nCommands:\n");
        for (Subcommand command : commands) {
            text.append(String.format("  %-10s %s%n", command.name(), command.summary()));
        }
        text.append("\nRun 'java -jar perf-junit.jar help <command>' for a command's options.");
        return text.toString();
    }
}
