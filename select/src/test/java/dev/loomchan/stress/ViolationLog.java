package dev.loomchan.stress;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Counts broken invariants and keeps the first few descriptions of each, so a report stays readable when an engine
 * bug breaks thousands of elements at once. Thread-safe.
 */
final class ViolationLog {
    static final int DETAILS_PER_INVARIANT = 5;

    private final Map<Invariant, Long> counts = new EnumMap<>(Invariant.class);
    private final Map<Invariant, List<String>> details = new EnumMap<>(Invariant.class);

    synchronized void add(Invariant invariant, String detail) {
        add(invariant, 1, detail);
    }

    synchronized void add(Invariant invariant, long howMany, String detail) {
        if (howMany <= 0) {
            return;
        }
        counts.merge(invariant, howMany, Long::sum);
        List<String> list = details.computeIfAbsent(invariant, k -> new ArrayList<>());
        if (list.size() < DETAILS_PER_INVARIANT) {
            list.add(detail);
        }
    }

    /** Adds everything {@code other} holds, prefixing its details with {@code prefix}. */
    void addAll(ViolationLog other, String prefix) {
        Map<Invariant, Long> theirCounts;
        Map<Invariant, List<String>> theirDetails = new EnumMap<>(Invariant.class);
        synchronized (other) {
            theirCounts = new EnumMap<>(other.counts);
            other.details.forEach((k, v) -> theirDetails.put(k, List.copyOf(v)));
        }
        synchronized (this) {
            theirCounts.forEach((inv, n) -> {
                counts.merge(inv, n, Long::sum);
                List<String> list = details.computeIfAbsent(inv, k -> new ArrayList<>());
                for (String d : theirDetails.getOrDefault(inv, List.of())) {
                    if (list.size() < DETAILS_PER_INVARIANT) {
                        list.add(prefix + d);
                    }
                }
            });
        }
    }

    synchronized long count(Invariant invariant) {
        return counts.getOrDefault(invariant, 0L);
    }

    synchronized boolean passed(Invariant invariant) {
        return count(invariant) == 0;
    }

    synchronized boolean allPassed() {
        return counts.isEmpty();
    }

    synchronized List<String> details(Invariant invariant) {
        return List.copyOf(details.getOrDefault(invariant, List.of()));
    }
}
