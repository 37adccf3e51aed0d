package dev.loomchan.stress;

import dev.loomchan.support.ChannelKind;
import dev.loomchan.support.ThreadKind;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The command line of the stress tool, parsed and checked. Only parsing lives here; nothing is run.
 *
 * @param seconds       total running time, split evenly across the kinds
 * @param kinds         the kinds to run, in order
 * @param producers     fixed number of producers per round, or 0 for a random 1..4 each round
 * @param consumers     fixed number of consumers per round, or 0 for a random 1..4 each round
 * @param interruptRate probability, per operation, that a worker interrupts a random worker of its round
 * @param selectRate    probability, per operation, that a producer sends or a consumer receives through a select
 * @param seed          the seed every random choice derives from
 * @param threads       the kind of thread producers and consumers run on
 * @param help          true when --help was given (everything else is then ignored)
 */
record StressOptions(double seconds, List<ChannelKind> kinds, int producers, int consumers, double interruptRate,
                     double selectRate, long seed, ThreadKind threads, boolean help) {

    static final double DEFAULT_SECONDS = 20;
    static final double DEFAULT_INTERRUPT_RATE = 0.001;
    static final double DEFAULT_SELECT_RATE = 0.25;
    static final int MAX_WORKERS = 64;

    /** Every kind except BUFFERED_2, which adds little over BUFFERED_1 and BUFFERED_16. */
    static List<ChannelKind> defaultKinds() {
        List<ChannelKind> kinds = new ArrayList<>(List.of(ChannelKind.values()));
        kinds.remove(ChannelKind.BUFFERED_2);
        return List.copyOf(kinds);
    }

    /** Thrown for a command line that cannot be run; the message says what is wrong. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    static String usage() {
        return """
                usage: loomchan stress [options]

                Randomized multi-producer/multi-consumer run over every channel kind, plain operations mixed with
                selects, checking that no element is lost or duplicated, that each consumer sees each producer's
                elements in order, that every thread ends after the channel is closed or cancelled, and that the
                heap stays bounded.

                options:
                  --seconds N          total running time in seconds, split across the kinds (default 20;
                                       each kind gets at least 1 s)
                  --kinds a,b,c        kinds to run, names as in ChannelKind, case-insensitive (default: all
                                       but buffered_2); 'all' for every kind; kinds:
                                       %s
                  --producers N        producers per round, 1..%d (default: random 1..4 each round)
                  --consumers N        consumers per round, 1..%d (default: random 1..4 each round)
                  --interrupt-rate X   probability per operation of interrupting a random worker, 0..1
                                       (default %s)
                  --select X           probability per operation that a send or receive is a select, 0..1
                                       (default %s; 0 for plain operations only). Selects offer an element to
                                       one channel, to two channels of the same kind, or race a time-out or a
                                       default clause; a third of the rounds then run two channels.
                  --seed N             seed of every random choice (default: random; printed at start)
                  --threads K          virtual or platform (default virtual)
                  --help               this text

                exit status: 0 when every check passes, 1 when one fails, 2 for a bad command line.
                """.formatted(wrappedKindNames(), MAX_WORKERS, MAX_WORKERS, DEFAULT_INTERRUPT_RATE,
                DEFAULT_SELECT_RATE);
    }

    private static String kindNames() {
        StringBuilder sb = new StringBuilder();
        for (ChannelKind k : ChannelKind.values()) {
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append(k.name().toLowerCase(Locale.ROOT));
        }
        return sb.toString();
    }

    /** {@link #kindNames()} wrapped for the usage text. */
    private static String wrappedKindNames() {
        return kindNames().replace("buffered_2, ", "buffered_2,\n                       ");
    }

    /** Parses {@code args}; accepts both {@code --name value} and {@code --name=value}. */
    static StressOptions parse(String[] args) throws UsageException {
        double seconds = DEFAULT_SECONDS;
        List<ChannelKind> kinds = defaultKinds();
        int producers = 0;
        int consumers = 0;
        double interruptRate = DEFAULT_INTERRUPT_RATE;
        double selectRate = DEFAULT_SELECT_RATE;
        long seed = ThreadLocalRandom.current().nextLong();
        ThreadKind threads = ThreadKind.VIRTUAL;

        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (name.equals("--help") || name.equals("-h")) {
                if (value != null) {
                    throw new UsageException("--help takes no value");
                }
                return new StressOptions(seconds, kinds, producers, consumers, interruptRate, selectRate, seed, threads,
                        true);
            }
            if (!name.startsWith("--")) {
                throw new UsageException("unexpected argument '" + arg + "'");
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new UsageException(name + " needs a value");
                }
                value = args[++i];
            }
            switch (name) {
                case "--seconds" -> {
                    seconds = parseDouble(name, value);
                    if (!(seconds > 0) || seconds > 1e6) {
                        throw new UsageException("--seconds must be a positive number of seconds, was '" + value + "'");
                    }
                }
                case "--kinds" -> kinds = parseKinds(value);
                case "--producers" -> producers = parseWorkers(name, value);
                case "--consumers" -> consumers = parseWorkers(name, value);
                case "--interrupt-rate" -> {
                    interruptRate = parseDouble(name, value);
                    if (!(interruptRate >= 0 && interruptRate <= 1)) {
                        throw new UsageException("--interrupt-rate must be between 0 and 1, was '" + value + "'");
                    }
                }
                case "--select" -> {
                    selectRate = parseDouble(name, value);
                    if (!(selectRate >= 0 && selectRate <= 1)) {
                        throw new UsageException("--select must be between 0 and 1, was '" + value + "'");
                    }
                }
                case "--seed" -> {
                    try {
                        seed = Long.parseLong(value.trim());
                    } catch (NumberFormatException e) {
                        throw new UsageException("--seed must be an integer (a long), was '" + value + "'");
                    }
                }
                case "--threads" -> {
                    try {
                        threads = ThreadKind.valueOf(value.trim().toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw new UsageException("--threads must be virtual or platform, was '" + value + "'");
                    }
                }
                default -> throw new UsageException("unknown option '" + name + "'");
            }
        }
        return new StressOptions(seconds, kinds, producers, consumers, interruptRate, selectRate, seed, threads,
                false);
    }

    private static double parseDouble(String name, String value) throws UsageException {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be a number, was '" + value + "'");
        }
    }

    private static int parseWorkers(String name, String value) throws UsageException {
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be an integer, was '" + value + "'");
        }
        if (n < 1 || n > MAX_WORKERS) {
            throw new UsageException(name + " must be between 1 and " + MAX_WORKERS + ", was " + n);
        }
        return n;
    }

    private static List<ChannelKind> parseKinds(String value) throws UsageException {
        EnumSet<ChannelKind> seen = EnumSet.noneOf(ChannelKind.class);
        List<ChannelKind> kinds = new ArrayList<>();
        for (String part : value.split(",")) {
            String name = part.trim();
            if (name.isEmpty()) {
                continue;
            }
            if (name.equalsIgnoreCase("all")) {
                for (ChannelKind kind : ChannelKind.values()) {
                    if (seen.add(kind)) {
                        kinds.add(kind);
                    }
                }
                continue;
            }
            ChannelKind kind;
            try {
                kind = ChannelKind.valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new UsageException("unknown channel kind '" + name + "'; known kinds: " + kindNames());
            }
            if (seen.add(kind)) {
                kinds.add(kind);
            }
        }
        if (kinds.isEmpty()) {
            throw new UsageException("--kinds needs at least one kind; known kinds: " + kindNames());
        }
        return List.copyOf(kinds);
    }

    /** Seconds each kind runs: an even share of the total, at least one second. */
    double secondsPerKind() {
        return Math.max(1.0, seconds / kinds.size());
    }

    String describeWorkers(int fixed) {
        return fixed == 0 ? "random 1..4" : Integer.toString(fixed);
    }
}
