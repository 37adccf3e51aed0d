package dev.loomchan.chanmon.demo;

import dev.loomchan.ChannelRegistry;
import dev.loomchan.ChannelStatistics;
import dev.loomchan.chanmon.ChannelMonitor;
import dev.loomchan.chanmon.TerminalMonitor;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code ./loomchan demo [--seconds N] [--port P] [--phase-seconds N] [--plain]}: starts the {@link DemoPipeline},
 * starts a {@link ChannelMonitor} on loopback, prints the dashboard's URL, and shows the terminal view when the output
 * is a terminal (plain tables every few seconds otherwise). Stops cleanly, pipeline first and then the monitor, on
 * Ctrl-C, on {@code q} in the terminal view, or after {@code --seconds} (0, the default, means until stopped).
 */
public final class DemoMain {
    private DemoMain() {
    }

    public static void main(String[] args) throws Exception {
        long seconds = 0;
        int port = 7070;
        long phaseSeconds = 8;
        boolean plain = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds" -> seconds = number(args, ++i, "--seconds", 0);
                case "--port" -> port = (int) number(args, ++i, "--port", 0);
                case "--phase-seconds" -> phaseSeconds = number(args, ++i, "--phase-seconds", 1);
                case "--plain" -> plain = true;
                case "-h", "--help" -> {
                    System.out.println("""
                            usage: ./loomchan demo [--seconds N] [--port P] [--phase-seconds N] [--plain]
                              --seconds N        stop after N seconds (default: run until Ctrl-C or q)
                              --port P           the dashboard's port on 127.0.0.1 (default 7070; 0 picks a free one)
                              --phase-seconds N  length of each load phase (default 8)
                              --plain            plain tables instead of the live terminal view""");
                    return;
                }
                default -> fail("unknown argument '" + args[i] + "' (./loomchan demo --help)");
            }
        }
        if (port > 65535) {
            fail("--port must be in 0..65535, was " + port);
        }
        System.exit(run(seconds, port, phaseSeconds, plain, System.out));
    }

    /** Runs the demo; returns the exit status (0 when it stopped cleanly). */
    static int run(long seconds, int port, long phaseSeconds, boolean plain, PrintStream out) throws Exception {
        ChannelMonitor monitor;
        try {
            monitor = ChannelMonitor.builder().port(port).start();
        } catch (java.io.UncheckedIOException e) {
            out.println("loomchan demo: " + e.getMessage() + " (another demo running? try --port 0)");
            return 2;
        }
        // Phase changes are printed, except while the full-screen view owns the terminal.
        AtomicBoolean fullScreen = new AtomicBoolean();
        DemoPipeline pipeline = new DemoPipeline(Duration.ofSeconds(phaseSeconds), line -> {
            if (!fullScreen.get()) {
                out.println(line);
            }
        });
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        // Whoever comes first, the main thread at the end or the shutdown hook on Ctrl-C, stops the pipeline, closes
        // the monitor and prints the summary; the other waits for it.
        Runnable stop = () -> {
            if (stopping.compareAndSet(false, true)) {
                try {
                    pipeline.stop();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    monitor.close();
                    summary(out, pipeline);
                    stopped.countDown();
                }
            } else {
                try {
                    stopped.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        Thread hook = new Thread(stop, "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        pipeline.start();
        out.println("loomchan demo: dashboard at " + monitor.uri()
                + "   (JSON " + monitor.uri() + "api/channels, Prometheus " + monitor.uri() + "metrics)");
        out.println("loomchan demo: terminal view from elsewhere: ./loomchan mon " + monitor.uri());
        out.println("loomchan demo: " + (seconds > 0 ? "running for " + seconds + " s" : "running until Ctrl-C")
                + "; load phases of " + phaseSeconds + " s: steady, bursts, slow consumer, cancellation storm");
        out.flush();
        long deadline = seconds > 0 ? System.nanoTime() + Duration.ofSeconds(seconds).toNanos() : Long.MAX_VALUE;
        java.util.function.BooleanSupplier over = () -> stopping.get() || System.nanoTime() - deadline >= 0
                || pipeline.failure() != null;

        boolean shown = false;
        if (!plain) {
            try (Terminal terminal = TerminalBuilder.builder().system(true).dumb(true).build()) {
                if (!TerminalMonitor.isDumb(terminal)) {
                    fullScreen.set(true);
                    try {
                        new TerminalMonitor(monitor.uri(), null, Duration.ofSeconds(1)).runInteractive(terminal, over);
                    } finally {
                        fullScreen.set(false);
                    }
                    shown = true;
                }
            }
        }
        if (!shown) {
            TerminalMonitor view = new TerminalMonitor(monitor.uri(), null, Duration.ofSeconds(1));
            long nextTable = System.nanoTime();
            while (!over.getAsBoolean()) {
                if (System.nanoTime() - nextTable >= 0) {
                    out.println("-- phase: " + pipeline.phase().description);
                    view.printOnce(out);
                    nextTable = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                }
                Thread.sleep(100);
            }
        }
        stop.run();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // Ctrl-C: the hook is running and stops everything itself
        }
        return pipeline.failure() == null ? 0 : 1;
    }

    private static void summary(PrintStream out, DemoPipeline pipeline) {
        out.println("loomchan demo: stopped cleanly; " + pipeline.delivered() + " frames reached the sink");
        for (ChannelStatistics s : ChannelRegistry.statistics()) {
            if (s.name() != null && s.name().startsWith("demo.")) {
                out.println(String.format(Locale.ROOT, "  %-24s %-22s sent %9d  received %9d  undelivered %7d  %s",
                        s.name(), s.kind(), s.sent(), s.received(), s.undelivered(),
                        s.state().name().toLowerCase(Locale.ROOT)));
            }
        }
        out.flush();
    }

    private static long number(String[] args, int i, String option, long min) {
        if (i >= args.length) {
            fail(option + " needs a value");
        }
        try {
            long n = Long.parseLong(args[i]);
            if (n < min) {
                fail(option + " must be >= " + min + ", was " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            fail(option + " must be a whole number, was '" + args[i] + "'");
            return 0;
        }
    }

    private static void fail(String problem) {
        System.err.println("loomchan demo: " + problem);
        System.exit(2);
    }
}
