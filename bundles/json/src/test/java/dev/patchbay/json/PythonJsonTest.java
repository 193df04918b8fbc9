package dev.patchbay.json;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class PythonJsonTest {

    @Test
    public void separatorsAndKeyOrderMatchJsonDumps() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("builder_name", "b1");
        body.put("n", Arrays.asList(1, 2.5, true, null));
        assertEquals("{\"builder_name\": \"b1\", \"n\": [1, 2.5, true, null]}", text(body));
        assertEquals("{}", text(Map.of()));
        assertEquals("[]", text(List.of()));
    }

    @Test
    public void nonAsciiIsEscapedInLowerCaseHexWithSurrogatePairs() {
        assertEquals("\"\\u017elu\\u0165 \\u20ac \\ud83d\\ude00\"", text("žluť € 😀"));
        assertEquals("\"tab\\there \\\"q\\\" \\\\ \\u0001 \u007f\"", text("tab\there \"q\" \\ \u0001 \u007f"));
    }

    @Test
    public void floatsUsePythonRepr() {
        assertEquals("2.0", text(2.0));
        assertEquals("1e+16", text(1e16));
        assertEquals("1000000000000000.0", text(1e15));
        assertEquals("0.0001", text(0.0001));
        assertEquals("1e-05", text(0.00001));
        assertEquals("-1.5e+300", text(-1.5e300));
        assertEquals("NaN", text(Double.NaN));
        assertEquals("-Infinity", text(Double.NEGATIVE_INFINITY));
        assertEquals("-0.0", text(-0.0));
    }

    @Test
    public void decodeKeepsKeyOrderAndAcceptsWhatPythonAccepts() throws IOException {
        Object decoded = PythonJson.decode("{\"b\": 1, \"a\": NaN, \"c\": \"\\u017e\"}".getBytes(UTF_8));
        assertEquals(List.of("b", "a", "c"), List.copyOf(((Map<?, ?>) decoded).keySet()));
        assertEquals("ž", ((Map<?, ?>) decoded).get("c"));
        assertEquals("ž", ((Map<?, ?>) PythonJson.decode("{\"a\": \"ž\"}".getBytes(UTF_8))).get("a"));
    }

    @Test
    public void decodeRefusesTrailingDataAndTruncatedInput() {
        assertThrows(IOException.class, () -> PythonJson.decode("{} x".getBytes(UTF_8)));
        assertThrows(IOException.class, () -> PythonJson.decode("{\"token\": ".getBytes(UTF_8)));
        assertThrows(IOException.class, () -> PythonJson.decode(new byte[0]));
        assertThrows(IOException.class, () -> PythonJson.decode(new byte[] {'"', (byte) 0xff, '"'}));
    }

    private static String text(Object value) {
        return new String(PythonJson.encode(value), US_ASCII);
    }
}
