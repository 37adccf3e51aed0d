package dev.loomchan.stress;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The final report: one row per kind with its throughput, counts and a PASS/FAIL per invariant, then the details of
 * every failure, then the verdict.
 */
final class ReportTable {
    private static final String[] HEADERS = {
            "kind", "ops/s", "selects", "sent", "received", "undelivered", "rounds", "interrupts"};

    private ReportTable() {
    }

    /** Prints the table, then {@code heapSummary} on a line of its own, the failures and the verdict. */
    static void print(PrintStream out, List<KindStats> all, String heapSummary) {
        List<String[]> rows = new ArrayList<>();
        String[] header = new String[HEADERS.length + Invariant.values().length];
        System.arraycopy(HEADERS, 0, header, 0, HEADERS.length);
        for (Invariant inv : Invariant.values()) {
            header[HEADERS.length + inv.ordinal()] = inv.column;
        }
        rows.add(header);
        for (KindStats s : all) {
            String[] row = new String[header.length];
            row[0] = s.kind.name().toLowerCase(Locale.ROOT);
            row[1] = String.format(Locale.ROOT, "%,.0f", s.operationsPerSecond());
            row[2] = String.format(Locale.ROOT, "%,d", s.selects);
            row[3] = String.format(Locale.ROOT, "%,d", s.sent);
            row[4] = String.format(Locale.ROOT, "%,d", s.received);
            row[5] = String.format(Locale.ROOT, "%,d", s.undelivered);
            row[6] = String.format(Locale.ROOT, "%,d", s.rounds);
            row[7] = String.format(Locale.ROOT, "%,d", s.interrupts);
            for (Invariant inv : Invariant.values()) {
                row[HEADERS.length + inv.ordinal()] = s.violations.passed(inv) ? "PASS" : "FAIL";
            }
            rows.add(row);
        }

        int[] widths = new int[header.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    sb.append("  ");
                }
                // The kind name reads best left-aligned, numbers right-aligned.
                sb.append(i == 0 ? pad(row[i], widths[i], false) : pad(row[i], widths[i], true));
            }
            out.println(sb.toString().stripTrailing());
            if (r == 0) {
                out.println("-".repeat(sb.toString().stripTrailing().length()));
            }
        }

        out.println();
        out.println(heapSummary);

        boolean allPassed = true;
        for (KindStats s : all) {
            if (s.passed()) {
                continue;
            }
            allPassed = false;
            out.println();
            out.println("FAIL " + s.kind.name().toLowerCase(Locale.ROOT) + ":");
            for (Invariant inv : Invariant.values()) {
                long n = s.violations.count(inv);
                if (n == 0) {
                    continue;
                }
                out.printf(Locale.ROOT, "  %s: %,d violation(s)%s%n", inv.column, n,
                        n > ViolationLog.DETAILS_PER_INVARIANT ? ", the first ones:" : ":");
                for (String d : s.violations.details(inv)) {
                    out.println("    - " + d);
                }
            }
        }
        out.println();
        out.println(allPassed ? "PASS: every invariant held for every kind."
                : "FAIL: some invariant broke (details above).");
    }

    private static String pad(String s, int width, boolean right) {
        String spaces = " ".repeat(Math.max(0, width - s.length()));
        return right ? spaces + s : s + spaces;
    }
}
