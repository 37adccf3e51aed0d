package dev.loomchan.stress;

import java.io.PrintStream;
import java.lang.reflect.Method;

/**
 * The line that shows how the run is going: the kind, elapsed time, operations per second over the last second,
 * and the kind's sent, received and undelivered counts. On a terminal it is rewritten in place every second; when
 * standard output goes elsewhere, a plain line is printed every few seconds.
 */
final class ProgressLine implements Runnable {
    private static final long TERMINAL_PERIOD_MILLIS = 1_000;
    private static final long PLAIN_PERIOD_MILLIS = 5_000;

    private final PrintStream out;
    private final boolean terminal;
    private final long startNanos = System.nanoTime();
    private final int kindCount;
    private volatile Current current;
    private Thread thread;
    private int lastWidth;

    private record Current(String kind, int index, long startNanos, LiveCounters live) {
    }

    ProgressLine(PrintStream out, int kindCount) {
        this.out = out;
        this.kindCount = kindCount;
        this.terminal = isTerminal();
    }

    /** True when standard output is an interactive terminal. */
    static boolean isTerminal() {
        Object console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // From JDK 22 on, System.console() exists even when redirected; isTerminal() tells the two apart.
            Method m = console.getClass().getMethod("isTerminal");
            return (Boolean) m.invoke(console);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return true;
        }
    }

    void start() {
        thread = Thread.ofPlatform().name("stress-progress").daemon(true).start(this);
    }

    /** From now on, shows {@code kind} (the {@code index}-th, from 1) and its counters. */
    void show(String kind, int index, LiveCounters live) {
        current = new Current(kind, index, System.nanoTime(), live);
    }

    /** Stops the line and, on a terminal, erases it so the report starts on a clean line. */
    void stop() throws InterruptedException {
        if (thread != null) {
            thread.interrupt();
            thread.join();
        }
        if (terminal && lastWidth > 0) {
            out.print("\r" + " ".repeat(lastWidth) + "\r");
            out.flush();
        }
    }

    @Override
    public void run() {
        long period = terminal ? TERMINAL_PERIOD_MILLIS : PLAIN_PERIOD_MILLIS;
        Current shown = null;
        long lastOps = 0;
        long lastNanos = System.nanoTime();
        while (true) {
            try {
                Thread.sleep(period); // the line's refresh period, not a wait for anything
            } catch (InterruptedException e) {
                return;
            }
            Current c = current;
            if (c == null) {
                continue;
            }
            long now = System.nanoTime();
            long ops = c.live().operations.sum();
            if (c != shown) {
                // A new kind started since the last tick: its rate counts from its own start.
                shown = c;
                lastOps = 0;
                lastNanos = c.startNanos();
            }
            double rate = now > lastNanos ? (ops - lastOps) * 1e9 / (now - lastNanos) : 0;
            lastOps = ops;
            lastNanos = now;
            String line = String.format("[%d/%d] %-13s %6.1f s (kind %5.1f s)  %,11.0f ops/s  sent %,d  received %,d  undelivered %,d",
                    c.index(), kindCount, c.kind(), (now - startNanos) / 1e9, (now - c.startNanos()) / 1e9, rate,
                    c.live().sent.sum(), c.live().received.sum(), c.live().undelivered.sum());
            if (terminal) {
                int pad = Math.max(0, lastWidth - line.length());
                out.print("\r" + line + " ".repeat(pad));
                lastWidth = line.length();
            } else {
                out.println(line);
            }
            out.flush();
        }
    }
}
