package dev.patchbay.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * Encodes values as Python's {@code json.dumps} does with its defaults, and decodes what
 * Python's {@code json.loads} accepts.
 *
 * <p>Defaults of {@code json.dumps}: separators {@code ", "} and {@code ": "}, every non-ASCII
 * character escaped as {@code \}{@code uXXXX} in lower-case hex (characters outside the BMP as a
 * surrogate pair), {@code NaN}/{@code Infinity} written bare, floats in {@code repr} form
 * ({@code 1e+20}, {@code 1e-05}, {@code 2.0}). The output is therefore pure ASCII. Map key
 * order is kept as given.
 *
 * <p>Decoding keeps key order ({@code LinkedHashMap}), accepts {@code NaN} and
 * {@code Infinity}, and refuses trailing content after the value.
 */
public final class PythonJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .addModule(new SimpleModule("python-floats")
                    .addSerializer(Double.class, new PythonFloatSerializer())
                    .addSerializer(double.class, new PythonFloatSerializer())
                    .addSerializer(Float.class, new PythonFloatSerializer())
                    .addSerializer(float.class, new PythonFloatSerializer()))
            .build();

    private static final ObjectWriter WRITER = MAPPER.writer(new PythonSeparators());

    private PythonJson() {
    }

    /** {@code json.dumps(value).encode()}: pure ASCII bytes. */
    public static byte[] encode(Object value) {
        try {
            return WRITER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot encode " + value.getClass().getName() + " as JSON", e);
        }
    }

    /**
     * Decodes one JSON value into {@code Map}/{@code List}/{@code String}/{@code Number}/
     * {@code Boolean}/{@code null}.
     *
     * @throws IOException if the bytes are not exactly one UTF-8 JSON value
     */
    public static Object decode(byte[] json) throws IOException {
        return MAPPER.readValue(json, Object.class);
    }

    /** The configured mapper, for callers that need typed binding. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** {@code ", "} between items, {@code ": "} after keys, nothing else. */
    private static final class PythonSeparators extends MinimalPrettyPrinter {
        private static final long serialVersionUID = 1L;

        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(": ");
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
            g.writeRaw(", ");
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(", ");
        }
    }

    /** Python's float {@code repr}: scientific below 1e-4 and from 1e16 on, else positional with ".0". */
    static final class PythonFloatSerializer extends StdSerializer<Number> {
        private static final long serialVersionUID = 1L;

        PythonFloatSerializer() {
            super(Number.class);
        }

        @Override
        public void serialize(Number value, JsonGenerator g, SerializerProvider provider) throws IOException {
            g.writeRawValue(repr(value.doubleValue()));
        }

        static String repr(double d) {
            if (Double.isNaN(d)) {
                return "NaN";
            }
            if (Double.isInfinite(d)) {
                return d > 0 ? "Infinity" : "-Infinity";
            }
            if (d == 0) {
                return (1 / d < 0) ? "-0.0" : "0.0";
            }
            BigDecimal exact = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
            String digits = exact.unscaledValue().toString();
            // value = 0.<digits> x 10^pointPosition
            int pointPosition = digits.length() - exact.scale();
            String sign = d < 0 ? "-" : "";
            if (pointPosition > -4 && pointPosition <= 16) {
                return sign + positional(digits, pointPosition);
            }
            int exponent = pointPosition - 1;
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
        }

        private static String positional(String digits, int pointPosition) {
            if (pointPosition <= 0) {
                return "0." + "0".repeat(-pointPosition) + digits;
            }
            if (pointPosition >= digits.length()) {
                return digits + "0".repeat(pointPosition - digits.length()) + ".0";
            }
            return digits.substring(0, pointPosition) + "." + digits.substring(pointPosition);
        }
    }
}
