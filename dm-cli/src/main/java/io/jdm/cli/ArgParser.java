package io.jdm.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * getopt_long as dmsetup uses it: options may come anywhere (the arguments are permuted), {@code --}
 * ends them, short flags may be bundled ({@code -cv}), values follow as {@code -ofoo}, {@code -o foo},
 * {@code --target=x} or {@code --target x}, and a long name may be shortened while it stays unique.
 * The first non-option argument is the command. Errors use glibc's wording.
 */
final class ArgParser {
    private ArgParser() {
    }

    static Invocation parse(List<String> argv) {
        Set<String> flags = new HashSet<>();
        Map<String, String> values = new HashMap<>();
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < argv.size(); i++) {
            String arg = argv.get(i);
            if (arg.equals("--")) {
                positional.addAll(argv.subList(i + 1, argv.size()));
                break;
            } else if (arg.startsWith("--")) {
                i = parseLong(argv, i, flags, values);
            } else if (arg.startsWith("-") && arg.length() > 1) {
                i = parseShort(argv, i, flags, values);
            } else {
                positional.add(arg);
            }
        }
        Options options = new Options(flags, values);
        if (positional.isEmpty()) {
            return new Invocation("", List.of(), options);
        }
        return new Invocation(positional.getFirst(), positional.subList(1, positional.size()), options);
    }

    private static int parseLong(List<String> argv, int i, Set<String> flags, Map<String, String> values) {
        String arg = argv.get(i);
        int eq = arg.indexOf('=');
        String name = arg.substring(2, eq < 0 ? arg.length() : eq);
        List<OptionSpec> matches = OptionSpec.byLong(name);
        if (matches.isEmpty()) {
            throw new UsageException("unrecognized option '" + (eq < 0 ? arg : arg.substring(0, eq)) + "'", false);
        }
        if (matches.size() > 1) {
            throw new UsageException("option '" + arg + "' is ambiguous", false);
        }
        OptionSpec spec = matches.getFirst();
        if (!spec.takesValue()) {
            if (eq >= 0) {
                throw new UsageException("option '--" + spec.longName() + "' doesn't allow an argument", false);
            }
            flags.add(spec.longName());
            return i;
        }
        if (eq >= 0) {
            values.put(spec.longName(), arg.substring(eq + 1));
            return i;
        }
        if (i + 1 >= argv.size()) {
            throw new UsageException("option '--" + spec.longName() + "' requires an argument", false);
        }
        values.put(spec.longName(), argv.get(i + 1));
        return i + 1;
    }

    private static int parseShort(List<String> argv, int i, Set<String> flags, Map<String, String> values) {
        String arg = argv.get(i);
        for (int k = 1; k < arg.length(); k++) {
            char c = arg.charAt(k);
            OptionSpec spec = OptionSpec.byShort(c)
                    .orElseThrow(() -> new UsageException("invalid option -- '" + c + "'", false));
            if (!spec.takesValue()) {
                flags.add(spec.longName());
                continue;
            }
            if (k + 1 < arg.length()) {
                values.put(spec.longName(), arg.substring(k + 1));
                return i;
            }
            if (i + 1 >= argv.size()) {
                throw new UsageException("option requires an argument -- '" + c + "'", false);
            }
            values.put(spec.longName(), argv.get(i + 1));
            return i + 1;
        }
        return i;
    }
}
