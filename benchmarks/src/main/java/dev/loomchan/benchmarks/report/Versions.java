package dev.loomchan.benchmarks.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/** The versions of loomchan and its peers, as the build put them in {@code versions.properties}. */
final class Versions {
    private static final String[] ORDER = {
            "loomchan", "kotlinx-coroutines", "kotlin", "jox", "JCTools", "Agrona", "JMH"};

    private Versions() {
    }

    /** "loomchan 0.1.0-SNAPSHOT, kotlinx-coroutines 1.10.2, ..." */
    static String describe() {
        Map<String, String> versions = load();
        return versions.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static Map<String, String> load() {
        Properties p = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("versions.properties")) {
            if (in == null) {
                throw new IllegalStateException("versions.properties is missing from the class path");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> ordered = new LinkedHashMap<>();
        for (String name : ORDER) {
            ordered.put(name, p.getProperty(name, "?"));
        }
        return ordered;
    }
}
