/** The command-line tool behind {@code java -jar perf-junit.jar} and its pluggable subcommands. */
@NullMarked
package dev.bitnet.perf.cli;

import org.jspecify.annotations.NullMarked;
