package dev.bitnet.engine.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Parsed options of one subcommand: {@code --name value}, {@code -x value}, {@code --flag}, and
 * positional arguments. Every option must be declared; unknown ones are usage errors.
 */
final class Args {

    private final String command;
    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();

    /**
     * @param valued options that take a value (with their aliases, e.g. "-n", "--n-predict")
     * @param flags  options without a value
     */
    Args(String command, List<String> args, Set<String> valued, Set<String> flags) {
        this.command = command;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("-") && a.length() > 1 && !isNumber(a)) {
                String name = a;
                String inline = null;
                int eq = a.indexOf('=');
                if (a.startsWith("--") && eq > 0) {
                    name = a.substring(0, eq);
                    inline = a.substring(eq + 1);
                }
                if (flags.contains(name)) {
                    values.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
                } else if (valued.contains(name)) {
                    String v = inline;
                    if (v == null) {
                        if (i + 1 >= args.size()) {
                            throw new UsageException("option '" + name + "' of '" + command + "' needs a value");
                        }
                        v = args.get(++i);
                    }
                    values.computeIfAbsent(name, k -> new ArrayList<>()).add(v);
                } else {
                    throw new UsageException("unknown option '" + name + "' for '" + command + "'; try 'bitnet help'");
                }
            } else {
                positional.add(a);
            }
        }
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    List<String> positional() {
        return positional;
    }

    boolean flag(String... names) {
        for (String n : names) {
            if (values.containsKey(n)) {
                return true;
            }
        }
        return false;
    }

    @Nullable String string(String... names) {
        String found = null;
        for (String n : names) {
            List<String> v = values.get(n);
            if (v != null) {
                found = v.get(v.size() - 1);
            }
        }
        return found;
    }

    String stringOr(String defaultValue, String... names) {
        String v = string(names);
        return v == null ? defaultValue : v;
    }

    List<String> all(String... names) {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            out.addAll(values.getOrDefault(n, List.of()));
        }
        return out;
    }

    int integer(int defaultValue, int min, int max, String... names) {
        String v = string(names);
        if (v == null) {
            return defaultValue;
        }
        try {
            int i = Integer.parseInt(v.strip());
            if (i < min || i > max) {
                throw new UsageException("option '" + names[0] + "' must be within [" + min + ", " + max + "] but was: " + v);
            }
            return i;
        } catch (NumberFormatException e) {
            throw new UsageException("option '" + names[0] + "' must be an integer but was: " + v);
        }
    }

    long longValue(long defaultValue, String... names) {
        String v = string(names);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new UsageException("option '" + names[0] + "' must be an integer but was: " + v);
        }
    }

    float floating(float defaultValue, float min, float max, String... names) {
        String v = string(names);
        if (v == null) {
            return defaultValue;
        }
        try {
            float f = Float.parseFloat(v.strip());
            if (!(f >= min && f <= max)) {
                throw new UsageException("option '" + names[0] + "' must be within [" + min + ", " + max + "] but was: " + v);
            }
            return f;
        } catch (NumberFormatException e) {
            throw new UsageException("option '" + names[0] + "' must be a number but was: " + v);
        }
    }

    <E extends Enum<E>> E choice(Map<String, E> choices, E defaultValue, String... names) {
        String v = string(names);
        if (v == null) {
            return defaultValue;
        }
        E e = choices.get(v.strip().toLowerCase(java.util.Locale.ROOT));
        if (e == null) {
            throw new UsageException("option '" + names[0] + "' must be one of " + choices.keySet() + " but was: " + v);
        }
        return e;
    }

    /** The single positional argument (the model file), or a usage error. */
    String file() {
        if (positional.size() != 1) {
            throw new UsageException("'" + command + "' needs exactly one model file but was given "
                    + (positional.isEmpty() ? "none" : positional));
        }
        return positional.get(0);
    }
}
