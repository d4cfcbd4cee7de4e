package io.github.maintenance.servlet;

import io.github.maintenance.Durations;
import io.github.maintenance.MaintenanceErrors;
import io.github.maintenance.MaintenanceException;
import io.github.maintenance.WindowOptions;
import io.github.maintenance.page.PageTemplate;
import io.github.maintenance.page.PageTexts;
import io.github.maintenance.route.Route;
import io.github.maintenance.servlet.access.ForwardedHeader;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The value parsers shared by the init-parameter readers: each failure names the parameter, the value and the rule. */
final class ParameterValues {

    private ParameterValues() {
    }

    /**
     * An optional absolute path, trimmed and normalized ({@link Route#normalizePath}).
     *
     * @return the path, or {@code null} when {@code value} is {@code null} or blank
     * @throws MaintenanceException naming {@code key} when {@code value} is not a valid path
     */
    static String optionalPath(String key, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Route.normalizePath(value.trim());
        } catch (IllegalArgumentException e) {
            throw MaintenanceErrors.invalidConfig(key, value, e.getMessage());
        }
    }

    /** The built-in languages followed by the other languages {@code texts} has. */
    static List<String> languagesWith(PageTexts texts) {
        List<String> languages = new ArrayList<>(PageTexts.BUILT_IN_LANGUAGES);
        for (String l : texts.languages()) {
            if (!languages.contains(l)) {
                languages.add(l);
            }
        }
        return languages;
    }

    /** A secret given inline or as {@code env:NAME}. */
    static String secret(String v) {
        if (!v.startsWith("env:")) {
            return v;
        }
        String name = v.substring(4).trim();
        String value = name.isEmpty() ? null : System.getenv(name);
        if (value == null || value.isBlank()) {
            throw MaintenanceErrors.invalidConfig(InitParameters.BYPASS_SECRET, v, "environment variable '" + name + "' is not set");
        }
        return value.trim();
    }

    /**
     * Parses route declarations: entries separated by {@code ;}, each an id followed by
     * {@code key=value} words ({@code path}, {@code domains}, {@code priority}, {@code exempt}).
     */
    static List<Route> parseRoutes(String spec) {
        List<Route> routes = new ArrayList<>();
        if (spec == null || spec.isBlank()) {
            return routes;
        }
        Set<String> ids = new HashSet<>();
        for (String entry : spec.split(";")) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            String[] words = e.split("\\s+");
            String id = words[0];
            if (id.contains("=")) {
                throw MaintenanceErrors.invalidConfig(InitParameters.ROUTES, e, "each route starts with its id, e.g. 'admin path=/admin'");
            }
            Route.Builder b = Route.builder(id);
            Set<String> seen = new HashSet<>();
            for (String w : Arrays.asList(words).subList(1, words.length)) {
                int eq = w.indexOf('=');
                if (eq <= 0) {
                    throw MaintenanceErrors.invalidConfig(InitParameters.ROUTES, e, "expected key=value, got '" + w + "'");
                }
                String key = w.substring(0, eq);
                String value = w.substring(eq + 1);
                if (!seen.add(key)) {
                    throw MaintenanceErrors.invalidConfig(InitParameters.ROUTES, e, "'" + key + "' given twice");
                }
                switch (key) {
                    case "path" -> b.path(value);
                    case "domains" -> b.domains(list(value));
                    case "priority" -> b.priority(parseInt(InitParameters.ROUTES + " priority", value));
                    case "exempt" -> b.exemptPaths(list(value));
                    default -> throw MaintenanceErrors.invalidConfig(InitParameters.ROUTES, e,
                            "unknown key '" + key + "' (expected path, domains, priority, exempt)");
                }
            }
            Route r;
            try {
                r = b.build();
            } catch (MaintenanceException ex) {
                throw MaintenanceErrors.invalidConfig(InitParameters.ROUTES, e, ex.getMessage());
            }
            if (!ids.add(r.id())) {
                throw MaintenanceErrors.invalidConfig(InitParameters.ROUTES, e, "route id '" + r.id() + "' declared twice");
            }
            routes.add(r);
        }
        return routes;
    }

    /**
     * Named page templates: {@code name=location} entries separated by commas, each location a
     * file path or {@code classpath:name}; every template is loaded and checked here.
     */
    static Map<String, PageTemplate> templates(String key, String v, ClassLoader loader) {
        Map<String, PageTemplate> out = new LinkedHashMap<>();
        for (String entry : list(v)) {
            int eq = entry.indexOf('=');
            String name = eq < 0 ? "" : entry.substring(0, eq).trim();
            String location = eq < 0 ? "" : entry.substring(eq + 1).trim();
            if (name.isEmpty() || location.isEmpty()) {
                throw MaintenanceErrors.invalidConfig(key, entry, "expected name=path or name=classpath:resource");
            }
            try {
                WindowOptions.builder().template(name).build();
            } catch (MaintenanceException e) {
                throw MaintenanceErrors.invalidConfig(key, entry,
                        "a template name: letters, digits, '.', '_' and '-', at most 64 characters");
            }
            if (out.containsKey(name)) {
                throw MaintenanceErrors.invalidConfig(key, entry, "template '" + name + "' given twice");
            }
            try {
                out.put(name, location.startsWith("classpath:")
                        ? PageTemplate.fromClasspath(location.substring("classpath:".length()), loader)
                        : PageTemplate.fromFile(Path.of(location)));
            } catch (MaintenanceException | InvalidPathException e) {
                throw MaintenanceErrors.invalidConfig(key, entry, e.getMessage());
            }
        }
        return out;
    }

    static ForwardedHeader forwardedHeader(String key, String v) {
        try {
            return ForwardedHeader.parse(v);
        } catch (IllegalArgumentException e) {
            throw MaintenanceErrors.invalidConfig(key, v, e.getMessage());
        }
    }

    static String trimmed(String v) {
        if (v == null) {
            return null;
        }
        String t = v.trim();
        return t.isEmpty() ? null : t;
    }

    static List<String> list(String v) {
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        for (String s : v.split(",")) {
            String t = s.trim();
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    static int parseInt(String key, String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw MaintenanceErrors.invalidConfig(key, v, "expected an integer");
        }
    }

    static boolean bool(Map<String, String> params, String key, boolean def) {
        String v = trimmed(params.get(key));
        if (v == null) {
            return def;
        }
        return switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw MaintenanceErrors.invalidConfig(key, v, "expected true or false");
        };
    }

    static Duration duration(Map<String, String> params, String key, Duration def) {
        String v = trimmed(params.get(key));
        if (v == null) {
            if (def == null) {
                throw MaintenanceErrors.invalidConfig(key, "", "expected a duration such as 30s, 5m or 300");
            }
            return def;
        }
        try {
            return Durations.parse(v);
        } catch (MaintenanceException e) {
            throw MaintenanceErrors.invalidConfig(key, v, "expected a duration such as 30s, 5m or 300");
        }
    }
}
