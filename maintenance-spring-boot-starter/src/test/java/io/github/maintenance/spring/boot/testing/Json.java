package io.github.maintenance.spring.boot.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.jr.ob.JSON;

/** Reading the JSON answers of the tests. */
public final class Json {

    private Json() {
    }

    /** {@code json}, which must be an object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(String json) {
        try {
            return (Map<String, Object>) JSON.std.anyFrom(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + json, e);
        }
    }

    /** {@code o} as an object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    /** {@code o} as an array. */
    @SuppressWarnings("unchecked")
    public static List<Object> list(Object o) {
        return (List<Object>) o;
    }
}
