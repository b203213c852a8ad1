package io.jdm.cli;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The options given on the command line: flags by long name, and the values of value options (last one wins). */
record Options(Set<String> flags, Map<String, String> values) {
    Options {
        flags = Set.copyOf(flags);
        values = Map.copyOf(values);
    }

    static Options none() {
        return new Options(Set.of(), Map.of());
    }

    boolean has(String name) {
        return flags.contains(name) || values.containsKey(name);
    }

    Optional<String> value(String name) {
        return Optional.ofNullable(values.get(name));
    }
}
