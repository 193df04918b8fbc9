package dev.patchbay.benchmarks;

import java.util.HashMap;
import java.util.Map;

/** {@code --name value} pairs over defaults; {@code --help} alone is a flag. */
final class Options {

    private Options() {
    }

    static Map<String, String> parse(String[] args, Map<String, String> defaults) {
        Map<String, String> options = new HashMap<>(defaults);
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--help")) {
                options.put("help", "true");
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                String name = args[i].substring(2);
                if (!defaults.containsKey(name)) {
                    throw new IllegalArgumentException("unknown option --" + name + "; known: " + defaults.keySet());
                }
                options.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
        }
        return options;
    }
}
