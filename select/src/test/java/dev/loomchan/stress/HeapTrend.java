package dev.loomchan.stress;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The criterion of the {@code heap} invariant, over samples of the used heap taken right after a full collection,
 * between rounds, when nothing of the finished rounds is reachable any more. Such samples of a run that leaks nothing
 * stay flat; a leak of anything per element, per round or per thread makes them climb.
 *
 * <p>The <em>plateau</em> is the median of the run's first {@value #WINDOW} samples. A stretch of the run (one kind)
 * ends at its <em>level</em>, the median of its last {@value #WINDOW} samples (all of them when it has fewer). The
 * stretch breaks the invariant when its level exceeds the plateau by more than {@link #margin(long)}: 16 MiB or a
 * quarter of the plateau, whichever is larger. Medians make one odd sample harmless; the margin absorbs what a
 * healthy JVM still adds to its heap once warm (a few MiB of caches), far below what a leak leaves in a minute.
 */
final class HeapTrend {
    static final int WINDOW = 5;
    static final long MIN_MARGIN_BYTES = 16L << 20;

    private final List<Long> samples = new ArrayList<>();

    void add(long usedBytes) {
        samples.add(usedBytes);
    }

    /** How many samples so far; a stretch of the run starts at such a mark. */
    int mark() {
        return samples.size();
    }

    static long margin(long plateau) {
        return Math.max(MIN_MARGIN_BYTES, plateau / 4);
    }

    long plateau() {
        return median(samples.subList(0, Math.min(WINDOW, samples.size())));
    }

    /** The level of the stretch from {@code mark} on: the median of its last samples, or -1 if it has none. */
    long level(int mark) {
        List<Long> stretch = samples.subList(mark, samples.size());
        return stretch.isEmpty() ? -1 : median(stretch.subList(Math.max(0, stretch.size() - WINDOW), stretch.size()));
    }

    /** Describes how the stretch from {@code mark} on breaks the invariant, or returns {@code null} if it does not. */
    String breach(int mark) {
        long level = level(mark);
        long plateau = plateau();
        if (level < 0 || level <= plateau + margin(plateau)) {
            return null;
        }
        return String.format(Locale.ROOT, "used heap after GC ended at %s (median of the last %d samples), above the"
                        + " early plateau %s by more than %s; samples of this kind: %s",
                mib(level), Math.min(WINDOW, samples.size() - mark), mib(plateau), mib(margin(plateau)),
                describe(samples.subList(mark, samples.size())));
    }

    /** One line: the plateau, the last level, the highest sample and the number of samples. */
    String summary() {
        if (samples.isEmpty()) {
            return "no heap samples";
        }
        long max = samples.stream().mapToLong(Long::longValue).max().orElse(0);
        return String.format(Locale.ROOT, "used heap after GC: plateau %s (median of the first %d samples), end %s,"
                        + " highest %s; %d samples, limit plateau + %s",
                mib(plateau()), Math.min(WINDOW, samples.size()), mib(level(0)), mib(max), samples.size(),
                mib(margin(plateau())));
    }

    private static long median(List<Long> values) {
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted.length == 0 ? 0 : sorted[sorted.length / 2];
    }

    private static String describe(List<Long> values) {
        List<Long> shown = values.size() <= 12 ? values : values.subList(values.size() - 12, values.size());
        String[] mibs = shown.stream().map(HeapTrend::mib).toArray(String[]::new);
        return (shown.size() < values.size() ? "... " : "") + String.join(", ", Arrays.asList(mibs));
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
