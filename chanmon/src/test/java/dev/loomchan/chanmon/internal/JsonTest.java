package dev.loomchan.chanmon.internal;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The writer escapes everything JSON requires, refuses malformed documents, and the parser reads back what it wrote. */
class JsonTest {

    @Test
    void escapesQuotesBackslashesAndControlCharacters() {
        String s = new Json().value("a\"b\\c\n\r\t\b\f\u0000\u001f\u2028\u2029/é😀").toString();
        assertEquals("\"a\\\"b\\\\c\\n\\r\\t\\b\\f\\u0000\\u001f\\u2028\\u2029/é😀\"", s);
        assertEquals("a\"b\\c\n\r\t\b\f\u0000\u001f\u2028\u2029/é😀", JsonParser.parse(s));
    }

    @Test
    void aLoneSurrogateBecomesTheReplacementCharacter() {
        assertEquals("\"x\uFFFDy\uFFFD\"", new Json().value("x\uD800y\uDC00").toString());
    }

    @Test
    void writesNestedDocumentsWithCommasInPlace() {
        String s = new Json().beginObject()
                .field("n", 42).field("d", 1.5).field("whole", 3.0).field("t", true).field("s", (String) null)
                .field("nan", Double.NaN)
                .name("a").beginArray().value(1).beginObject().endObject().beginArray().endArray().nullValue().endArray()
                .endObject().toString();
        assertEquals("{\"n\":42,\"d\":1.5,\"whole\":3,\"t\":true,\"s\":null,\"nan\":null,\"a\":[1,{},[],null]}", s);
        @SuppressWarnings("unchecked")
        Map<String, Object> back = (Map<String, Object>) JsonParser.parse(s);
        assertEquals(42L, back.get("n"));
        assertEquals(1.5, back.get("d"));
        List<?> a = (List<?>) back.get("a");
        assertEquals(List.of(1L, Map.of(), List.of()), a.subList(0, 3));
        assertEquals(null, a.get(3));
    }

    @Test
    void misuseIsRefusedWithAClearMessage() {
        assertThrows(IllegalStateException.class, () -> new Json().beginObject().value(1));
        assertThrows(IllegalStateException.class, () -> new Json().beginArray().name("x"));
        assertThrows(IllegalStateException.class, () -> new Json().beginArray().endObject());
        assertThrows(IllegalStateException.class, () -> new Json().beginObject().name("a").endObject());
        assertThrows(IllegalStateException.class, () -> new Json().value(1).value(2));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Json().beginObject().toString());
        assertTrue(e.getMessage().contains("unclosed object"), e.getMessage());
    }

    @Test
    void theParserRefusesWhatIsNotJson() {
        for (String bad : List.of("", "{", "[1,]", "{\"a\" 1}", "'x'", "\"\\x\"", "\"raw\ttab\"", "01a", "1 2",
                "tru", "{\"a\":1,}", "-", "[".repeat(100) + "]".repeat(100))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonParser.parse(bad),
                    "should refuse: " + bad);
            assertTrue(e.getMessage().startsWith("bad JSON at offset"), e.getMessage());
        }
    }

    @Test
    void theParserReadsNumbersAndEscapes() {
        assertEquals(List.of(-12L, 0.25, 1e3, "\u00e9\n/"), JsonParser.parse(" [ -12 , 0.25, 1E3, \"\\u00e9\\n\\/\" ] "));
    }
}
