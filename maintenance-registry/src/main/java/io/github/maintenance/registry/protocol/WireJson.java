package io.github.maintenance.registry.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * JSON on the wire (jackson-jr): compact, one line, {@code |} inside strings written as
 * {@code \u007c} so that a client splitting the reply on {@code |} still finds the payload in
 * field 1. Parsing accepts one JSON value and nothing after it, at most 32 levels deep, with
 * duplicate object keys refused.
 *
 * <p>Thread-safe.
 */
public final class WireJson {

    /** Deepest nesting accepted when parsing. */
    public static final int MAX_DEPTH = 32;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build();
    private static final JSON JSON_RW = JSON.builder(FACTORY)
            .enable(JSON.Feature.PRESERVE_FIELD_ORDERING, JSON.Feature.FAIL_ON_DUPLICATE_MAP_KEYS,
                    JSON.Feature.WRITE_NULL_PROPERTIES)
            .disable(JSON.Feature.USE_DEFERRED_MAPS)
            .build();

    private WireJson() {
    }

    /** Thrown for text that is not exactly one JSON value. */
    public static final class InvalidJsonException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidJsonException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Parses one JSON value: a {@code Map<String, Object>} (insertion-ordered), {@code List},
     * {@code String}, {@code Number}, {@code Boolean} or {@code null}.
     *
     * @param text the JSON text
     * @return the value
     * @throws InvalidJsonException for anything else, trailing content included
     */
    public static Object parse(String text) throws InvalidJsonException {
        try (JsonParser p = FACTORY.createParser(text)) {
            if (p.nextToken() == null) {
                throw new InvalidJsonException("empty", null);
            }
            Object value = JSON_RW.anyFrom(p);
            if (p.nextToken() != null) {
                throw new InvalidJsonException("trailing content after the JSON value", null);
            }
            return value;
        } catch (IOException | RuntimeException e) {
            throw new InvalidJsonException(e.getMessage(), e);
        }
    }

    /**
     * Parses a JSON object; {@code null} for the literal {@code null}.
     *
     * @param text the JSON text
     * @return the object, insertion-ordered, or {@code null}
     * @throws InvalidJsonException when it is not JSON or another value
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObjectOrNull(String text) throws InvalidJsonException {
        Object v = parse(text);
        if (v == null || v instanceof Map) {
            return (Map<String, Object>) v;
        }
        throw new InvalidJsonException("expected an object", null);
    }

    /**
     * Parses a JSON array.
     *
     * @param text the JSON text
     * @return the array's elements
     * @throws InvalidJsonException when it is not JSON or not an array
     */
    @SuppressWarnings("unchecked")
    public static List<Object> parseArray(String text) throws InvalidJsonException {
        Object v = parse(text);
        if (v instanceof List) {
            return (List<Object>) v;
        }
        throw new InvalidJsonException("expected an array", null);
    }

    /**
     * Writes maps, lists, strings, numbers, booleans and nulls as compact JSON on one line, with
     * every {@code |} escaped.
     *
     * @param value the value to write
     * @return one line of JSON, without {@code |}, U+2028 or U+2029
     * @throws IllegalArgumentException when the value holds something else
     */
    public static String write(Object value) {
        String json;
        try {
            json = JSON_RW.asString(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write as JSON: " + e.getMessage(), e);
        }
        // '|', U+2028 and U+2029 can only occur inside strings in valid compact JSON.
        if (json.indexOf('|') >= 0) {
            json = json.replace("|", "\\u007c");
        }
        if (json.indexOf('\u2028') >= 0 || json.indexOf('\u2029') >= 0) {
            json = json.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
        }
        return json;
    }
}
