package dev.bitnet.perf.cli;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.io.PrintStream;
import java.util.List;
import org.apiguardian.api.API;

/**
 * {@code Subcommand} is one command of {@code java -jar perf-junit.jar <command> ...}. Commands
 * are found with {@link java.util.ServiceLoader}: list the implementation in
 * {@code META-INF/services/dev.bitnet.perf.cli.Subcommand}, one class name per line.
 *
 * <p>Exit codes every command keeps: 0 success, 1 the judged outcome is bad (a critical
 * regression with {@code --fail-on-regression}), 2 bad input or usage (throw {@link CliException}
 * with a message naming the file or flag and what is wrong).
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface Subcommand {
    /** The word that selects this command, e.g. {@code compare}. */
    String name();

    /** One line for the command list. */
    String summary();

    /** The usage text, starting with the synopsis. */
    String usage();

    /**
     * Runs the command.
     *
     * @param args the arguments after the command name
     * @param out standard output
     * @param err standard error
     * @return the exit code
     * @throws CliException for bad input or usage (exit code 2)
     */
    int run(List<String> args, PrintStream out, PrintStream err);
}
