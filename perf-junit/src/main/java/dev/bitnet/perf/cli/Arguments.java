package dev.bitnet.perf.cli;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * A small parser for {@code --flag}, {@code --option value}, {@code --option=value} and
 * positional arguments; unknown options are a {@link CliException}.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class Arguments {
    private final List<String> positional = new ArrayList<>();
    private final Map<String, String> options = new LinkedHashMap<>();

    private Arguments() {}

    /**
     * Parses {@code args}.
     *
     * @param flags options without a value, e.g. {@code --fail-on-regression}
     * @param valued options that take a value, e.g. {@code --baseline}
     */
    public static Arguments parse(List<String> args, Set<String> flags, Set<String> valued) {
        Arguments parsed = new Arguments();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                parsed.positional.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (!arg.startsWith("--") || arg.equals("-")) {
                parsed.positional.add(arg);
                continue;
            }
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (flags.contains(name)) {
                if (value != null) {
                    throw new CliException("Option " + name + " takes no value but was given: " + value);
                }
                parsed.options.put(name, "true");
            } else if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.size()) {
                        throw new CliException("Option " + name + " needs a value.");
                    }
                    value = args.get(++i);
                }
                parsed.options.put(name, value);
            } else {
                List<String> known = new ArrayList<>(flags);
                known.addAll(valued);
                known.sort(null);
                throw new CliException("Unknown option " + name + "; expected one of " + known + ".");
            }
        }
        return parsed;
    }

    public List<String> positional() {
        return List.copyOf(positional);
    }

    public boolean flag(String name) {
        return options.containsKey(name);
    }

    public Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }
}
