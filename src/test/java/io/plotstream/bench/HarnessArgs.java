package io.plotstream.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * A harness's {@code --name value} options, whole numbers over named defaults. An unknown name, a
 * name without a value or a value that is not a whole number is an error that names the option.
 */
final class HarnessArgs {
    private final Map<String, Integer> values;

    private HarnessArgs(Map<String, Integer> values) {
        this.values = values;
    }

    /** {@code defaults} names every option the harness takes (without the leading {@code --}). */
    static HarnessArgs parse(String[] args, Map<String, Integer> defaults) {
        Map<String, Integer> values = new LinkedHashMap<>(defaults);
        for (int i = 0; i < args.length; i += 2) {
            String option = args[i];
            String name = option.startsWith("--") ? option.substring(2) : option;
            if (!values.containsKey(name)) {
                throw new IllegalArgumentException("unknown option " + option + " (known: --"
                        + String.join(", --", new TreeSet<>(values.keySet())) + ")");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + option + " has no value");
            }
            try {
                values.put(name, Integer.parseInt(args[i + 1]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("option " + option + " takes a whole number, not " + args[i + 1], e);
            }
        }
        return new HarnessArgs(values);
    }

    int get(String name) {
        Integer value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no option --" + name);
        }
        return value;
    }
}
