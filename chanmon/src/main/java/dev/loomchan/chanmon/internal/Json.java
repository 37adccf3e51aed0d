package dev.loomchan.chanmon.internal;

/**
 * A small streaming JSON writer: the monitor's few documents do not justify a JSON library in every application that
 * embeds it. It writes RFC 8259 text: strings are escaped ({@code "} and {@code \}, every control character below
 * U+0020, and U+2028/U+2029, which some JavaScript parsers refuse raw), lone surrogates are replaced by U+FFFD so the
 * output is always valid UTF-8, and non-finite doubles are written as {@code null}. Commas are placed by the writer,
 * which tracks whether the current object or array has a member yet; misuse (a value where a name is due, closing
 * what is not open) throws {@link IllegalStateException}.
 *
 * <p>Not thread-safe: one writer per document.
 */
public final class Json {
    private static final int MAX_DEPTH = 64;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder out;
    /** Per open container: 'o' object or 'a' array; upper case once it has a member. */
    private final char[] stack = new char[MAX_DEPTH];
    private int depth;
    /** An object's member name was written and its value is due. */
    private boolean nameWritten;

    public Json() {
        this(new StringBuilder(256));
    }

    public Json(StringBuilder out) {
        this.out = out;
    }

    public Json beginObject() {
        beforeValue();
        push('o');
        out.append('{');
        return this;
    }

    public Json endObject() {
        pop('o');
        out.append('}');
        return this;
    }

    public Json beginArray() {
        beforeValue();
        push('a');
        out.append('[');
        return this;
    }

    public Json endArray() {
        pop('a');
        out.append(']');
        return this;
    }

    /** The name of the next member of the current object. */
    public Json name(String name) {
        if (depth == 0 || Character.toLowerCase(stack[depth - 1]) != 'o' || nameWritten) {
            throw new IllegalStateException("a member name is not expected here: " + name);
        }
        separate();
        string(name);
        out.append(':');
        nameWritten = true;
        return this;
    }

    public Json value(String s) {
        beforeValue();
        if (s == null) {
            out.append("null");
        } else {
            string(s);
        }
        return this;
    }

    public Json value(long n) {
        beforeValue();
        out.append(n);
        return this;
    }

    public Json value(double d) {
        beforeValue();
        if (Double.isFinite(d)) {
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                out.append((long) d);
            } else {
                out.append(d);
            }
        } else {
            out.append("null");
        }
        return this;
    }

    public Json value(boolean b) {
        beforeValue();
        out.append(b);
        return this;
    }

    public Json nullValue() {
        beforeValue();
        out.append("null");
        return this;
    }

    /** Shorthands for a member: {@code name(n).value(v)}. */
    public Json field(String name, String value) {
        return name(name).value(value);
    }

    public Json field(String name, long value) {
        return name(name).value(value);
    }

    public Json field(String name, double value) {
        return name(name).value(value);
    }

    public Json field(String name, boolean value) {
        return name(name).value(value);
    }

    /** The document; every container must be closed. */
    @Override
    public String toString() {
        if (depth != 0) {
            throw new IllegalStateException("unclosed " + (Character.toLowerCase(stack[depth - 1]) == 'o' ? "object" : "array"));
        }
        return out.toString();
    }

    private void beforeValue() {
        if (depth == 0) {
            if (out.length() != 0) {
                throw new IllegalStateException("a JSON document has one top-level value");
            }
            return;
        }
        char top = Character.toLowerCase(stack[depth - 1]);
        if (top == 'o') {
            if (!nameWritten) {
                throw new IllegalStateException("an object member needs a name before its value");
            }
            nameWritten = false;
        } else {
            separate();
        }
    }

    /** Writes the comma before every member but the first, and marks the container as having members. */
    private void separate() {
        char top = stack[depth - 1];
        if (Character.isUpperCase(top)) {
            out.append(',');
        } else {
            stack[depth - 1] = Character.toUpperCase(top);
        }
    }

    private void push(char kind) {
        if (depth == MAX_DEPTH) {
            throw new IllegalStateException("JSON nested deeper than " + MAX_DEPTH);
        }
        stack[depth++] = kind;
    }

    private void pop(char kind) {
        if (depth == 0 || Character.toLowerCase(stack[depth - 1]) != kind || nameWritten) {
            throw new IllegalStateException("cannot close " + (kind == 'o' ? "an object" : "an array") + " here");
        }
        depth--;
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        unicodeEscape(c);
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        out.append('\uFFFD'); // a lone surrogate has no UTF-8 encoding
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private void unicodeEscape(char c) {
        out.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF]).append(HEX[c >> 4 & 0xF])
                .append(HEX[c & 0xF]);
    }
}
