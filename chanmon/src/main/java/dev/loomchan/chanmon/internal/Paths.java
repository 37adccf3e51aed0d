package dev.loomchan.chanmon.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parsing of request paths and queries, strict: malformed percent-encoding or invalid UTF-8 is a 400, not a guess.
 * Paths are decoded here rather than by {@code URI.getPath()} so that an encoded {@code /} inside a channel name
 * ({@code %2F}) stays part of the name.
 */
final class Paths {
    private static final String CHANNELS = "/api/channels/";
    private static final String CELLS = "/cells";

    private Paths() {
    }

    /** The channel name of {@code /api/channels/{name}/cells}, decoded, or null if the path is not of that form. */
    static String cellsChannelName(String rawPath) throws HttpFront.Refusal {
        if (!rawPath.startsWith(CHANNELS) || !rawPath.endsWith(CELLS)
                || rawPath.length() <= CHANNELS.length() + CELLS.length()) {
            return null;
        }
        String raw = rawPath.substring(CHANNELS.length(), rawPath.length() - CELLS.length());
        if (raw.indexOf('/') >= 0) {
            return null;
        }
        return decode(raw, false);
    }

    /** The query's parameters, decoded (the first of repeated ones wins); an empty map for none. */
    static Map<String, String> query(String rawQuery) throws HttpFront.Refusal {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq), true);
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1), true);
            params.putIfAbsent(k, v);
        }
        return params;
    }

    static long longParam(Map<String, String> query, String name, long absent) throws HttpFront.Refusal {
        String v = query.get(name);
        if (v == null) {
            return absent;
        }
        try {
            long n = Long.parseLong(v);
            if (n < 0) {
                throw new HttpFront.Refusal(400, "query parameter '" + name + "' must not be negative: " + v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new HttpFront.Refusal(400, "query parameter '" + name + "' must be a whole number: '" + v + "'");
        }
    }

    /** Percent-decodes {@code s} as UTF-8; {@code plusIsSpace} for query components. */
    static String decode(String s, boolean plusIsSpace) throws HttpFront.Refusal {
        if (s.indexOf('%') < 0 && (!plusIsSpace || s.indexOf('+') < 0)) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || Character.digit(s.charAt(i + 1), 16) < 0
                        || Character.digit(s.charAt(i + 2), 16) < 0) {
                    throw new HttpFront.Refusal(400, "malformed percent-encoding in '" + s + "'");
                }
                bytes.write(Character.digit(s.charAt(i + 1), 16) << 4 | Character.digit(s.charAt(i + 2), 16));
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes.write(' ');
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new HttpFront.Refusal(400, "percent-encoding in '" + s + "' is not valid UTF-8");
        }
    }
}
