package dev.loomchan.chanmon;

import dev.loomchan.chanmon.internal.ChannelTable;
import dev.loomchan.chanmon.internal.JsonParser;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp;
import org.jline.utils.NonBlockingReader;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * The terminal view of a running monitor ({@code ./loomchan mon [URL]}): the dashboard's channel table, fetched from
 * {@code URL/api/channels} every second. On a terminal it is a live full-screen table (JLine) with keys:
 * <pre>
 *   s        next sort column (name, sends/s, receives/s, size, waiting, cancelled, undelivered)
 *   r        reverse the order
 *   /        type a filter (Enter keeps it, Esc clears it)
 *   q        quit (Ctrl-C too)
 * </pre>
 * When the output is not a terminal it prints the table as plain lines, one block per refresh, or once with
 * {@code --once}.
 */
public final class TerminalMonitor {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final URI snapshotUri;
    private final String token;
    private final HttpClient http;
    private final Duration refresh;

    private ChannelTable.SortKey sortKey = ChannelTable.SortKey.NAME;
    private boolean descending;
    private String filter = "";
    /** Non-null while the filter is being typed. */
    private StringBuilder editing;
    private List<ChannelTable.Row> rows = List.of();
    private String status = "connecting...";

    /** A view of the monitor at {@code base} (e.g. {@code http://127.0.0.1:7070/}); {@code token} may be null. */
    public TerminalMonitor(URI base, String token, Duration refresh) {
        Objects.requireNonNull(base, "base");
        String s = base.toString();
        this.snapshotUri = URI.create((s.endsWith("/") ? s : s + "/") + "api/channels");
        this.token = token;
        this.refresh = Objects.requireNonNull(refresh, "refresh");
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    }

    /**
     * {@code ./loomchan mon [URL] [--token T] [--once] [--plain]}: the URL defaults to {@code http://127.0.0.1:7070/},
     * the token to the environment variable {@code CHANMON_TOKEN}.
     */
    public static void main(String[] args) throws Exception {
        String url = "http://127.0.0.1:7070/";
        String token = System.getenv("CHANMON_TOKEN");
        boolean once = false;
        boolean plain = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--token" -> {
                    if (i + 1 >= args.length) {
                        usage("--token needs a value");
                    }
                    token = args[++i];
                }
                case "--once" -> once = true;
                case "--plain" -> plain = true;
                case "-h", "--help" -> {
                    System.out.println("usage: ./loomchan mon [URL] [--token TOKEN] [--once] [--plain]\n"
                            + "  URL      a running monitor, default http://127.0.0.1:7070/ (./loomchan demo's)\n"
                            + "  --token  the bearer token of a monitor bound with allowRemote (or CHANMON_TOKEN)\n"
                            + "  --once   print the table once and exit\n"
                            + "  --plain  plain lines even on a terminal\n"
                            + "keys: s sort, r reverse, / filter, q quit");
                    return;
                }
                default -> {
                    if (args[i].startsWith("-")) {
                        usage("unknown option " + args[i]);
                    }
                    url = args[i];
                }
            }
        }
        URI base;
        try {
            base = URI.create(url);
            if (base.getScheme() == null || !base.getScheme().startsWith("http") || base.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
        } catch (IllegalArgumentException e) {
            usage("bad URL '" + url + "': " + e.getMessage());
            return;
        }
        TerminalMonitor view = new TerminalMonitor(base, token, Duration.ofSeconds(1));
        if (once) {
            System.exit(view.printOnce(System.out) ? 0 : 1);
        }
        if (plain) {
            view.runPlain(System.out, () -> false);
            return;
        }
        try (Terminal terminal = TerminalBuilder.builder().system(true).dumb(true).build()) {
            if (isDumb(terminal)) {
                terminal.close();
                view.runPlain(System.out, () -> false);
            } else {
                view.runInteractive(terminal, () -> false);
            }
        }
    }

    private static void usage(String problem) {
        System.err.println("loomchan mon: " + problem + " (./loomchan mon --help)");
        System.exit(2);
    }

    /** True when the terminal JLine found is not a real one (output redirected, or no terminal support). */
    public static boolean isDumb(Terminal terminal) {
        String type = terminal.getType();
        return type == null || type.startsWith(Terminal.TYPE_DUMB);
    }

    /** Fetches once and prints the table; false (and a message) if the monitor could not be read. */
    public boolean printOnce(PrintStream out) {
        boolean ok = fetch();
        out.println(headline());
        for (String line : plainLines()) {
            out.println(line);
        }
        out.flush();
        return ok;
    }

    /** Prints the table every refresh period until {@code stop} says so or the thread is interrupted. */
    public void runPlain(PrintStream out, BooleanSupplier stop) {
        while (!stop.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
            printOnce(out);
            out.println();
            try {
                Thread.sleep(refresh.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The full-screen live view on {@code terminal}, until the user quits or {@code stop} says so. Restores the
     * terminal on the way out.
     */
    public void runInteractive(Terminal terminal, BooleanSupplier stop) throws IOException {
        Attributes saved = terminal.enterRawMode();
        boolean altScreen = terminal.puts(InfoCmp.Capability.enter_ca_mode);
        terminal.puts(InfoCmp.Capability.cursor_invisible);
        Terminal.SignalHandler oldInt = terminal.handle(Terminal.Signal.INT, s -> Thread.currentThread().interrupt());
        Display display = new Display(terminal, true);
        NonBlockingReader reader = terminal.reader();
        try {
            long nextFetch = 0;
            boolean dirty = true;
            while (!stop.getAsBoolean()) {
                long now = System.nanoTime();
                if (now - nextFetch >= 0) {
                    fetch();
                    nextFetch = now + refresh.toNanos();
                    dirty = true;
                }
                if (dirty) {
                    Size size = terminal.getSize();
                    int rowsOnScreen = size.getRows() > 0 ? size.getRows() : 24;
                    int cols = size.getColumns() > 0 ? size.getColumns() : 120;
                    display.resize(rowsOnScreen, cols);
                    display.update(screen(rowsOnScreen, cols), -1);
                    terminal.flush();
                    dirty = false;
                }
                int c = reader.read(100);
                if (c == NonBlockingReader.EOF || c == 3 /* Ctrl-C in raw mode */) {
                    break;
                }
                if (c >= 0) {
                    if (!key((char) c)) {
                        break;
                    }
                    dirty = true;
                }
                if (Thread.interrupted()) {
                    break;
                }
            }
        } finally {
            terminal.handle(Terminal.Signal.INT, oldInt);
            terminal.puts(InfoCmp.Capability.cursor_visible);
            if (altScreen) {
                terminal.puts(InfoCmp.Capability.exit_ca_mode);
            }
            terminal.setAttributes(saved);
            terminal.flush();
        }
    }

    /** Applies one key; false to quit. */
    boolean key(char c) {
        if (editing != null) {
            switch (c) {
                case '\r', '\n' -> {
                    filter = editing.toString();
                    editing = null;
                }
                case 27 -> { // Esc
                    filter = "";
                    editing = null;
                }
                case 127, 8 -> {
                    if (!editing.isEmpty()) {
                        editing.setLength(editing.length() - 1);
                    }
                }
                default -> {
                    if (c >= 0x20) {
                        editing.append(c);
                    }
                }
            }
            return true;
        }
        switch (c) {
            case 'q', 'Q' -> {
                return false;
            }
            case 's' -> {
                sortKey = sortKey.next();
                descending = sortKey != ChannelTable.SortKey.NAME;
            }
            case 'r' -> descending = !descending;
            case '/' -> editing = new StringBuilder(filter);
            default -> {
                // other keys do nothing
            }
        }
        return true;
    }

    private boolean fetch() {
        try {
            HttpRequest.Builder req = HttpRequest.newBuilder(snapshotUri).timeout(Duration.ofSeconds(3)).GET();
            if (token != null) {
                req.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> resp = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() != 200) {
                status = "HTTP " + resp.statusCode() + " from " + snapshotUri + ": " + resp.body();
                return false;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> snapshot = (Map<String, Object>) JsonParser.parse(resp.body());
            rows = ChannelTable.rows(snapshot);
            status = "live " + LocalTime.now().format(CLOCK);
            return true;
        } catch (IOException | RuntimeException e) {
            status = "cannot read " + snapshotUri + ": " + e;
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = "interrupted";
            return false;
        }
    }

    private String headline() {
        return "chanmon " + snapshotUri.resolve("/") + "  " + status + "  sort: " + sortKey.label
                + (descending ? " (descending)" : "") + (filter.isEmpty() ? "" : "  filter: " + filter);
    }

    private List<ChannelTable.Row> shown() {
        return ChannelTable.view(rows, sortKey, descending, editing != null ? editing.toString() : filter);
    }

    /** The table as plain text lines: the header, then one line per channel shown. */
    List<String> plainLines() {
        List<String> lines = new ArrayList<>();
        lines.add(ChannelTable.HEADER);
        for (ChannelTable.Row r : shown()) {
            lines.add(r.text());
        }
        return lines;
    }

    private List<AttributedString> screen(int height, int width) {
        List<AttributedString> lines = new ArrayList<>();
        lines.add(new AttributedString(cut(headline(), width), AttributedStyle.BOLD));
        String help = editing != null ? "filter: " + editing + "_   (Enter keep, Esc clear)"
                : "keys: s sort  r reverse  / filter  q quit";
        lines.add(new AttributedString(cut(help, width), AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN)));
        lines.add(new AttributedString(cut(ChannelTable.HEADER, width), AttributedStyle.DEFAULT.inverse()));
        List<ChannelTable.Row> shown = shown();
        for (ChannelTable.Row r : shown) {
            if (lines.size() >= height - 1) {
                lines.add(new AttributedString("... " + (shown.size() - (lines.size() - 3)) + " more (filter with /)"));
                break;
            }
            AttributedStyle style = AttributedStyle.DEFAULT;
            if (!r.state().equals("open")) {
                style = style.foreground(AttributedStyle.BRIGHT | AttributedStyle.BLACK);
            } else if (r.full()) {
                style = style.foreground(AttributedStyle.RED);
            } else if (r.blocked()) {
                style = style.foreground(AttributedStyle.YELLOW);
            }
            lines.add(new AttributedStringBuilder().style(style).append(cut(r.text(), width)).toAttributedString());
        }
        return lines;
    }

    private static String cut(String s, int width) {
        return s.length() <= width ? s : s.substring(0, Math.max(0, width));
    }
}
