package io.github.maintenance.servlet.dashboard;

import io.github.maintenance.Cause;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceErrors;
import io.github.maintenance.change.Change;
import io.github.maintenance.change.ChangeFields;
import io.github.maintenance.change.ChangeResult;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One action of {@code POST …/api/dashboard/actions}: a JSON object in the vocabulary of
 * {@link ChangeFields} ({@code {"action":"enter","target":"/admin","duration":"30m"}}, …), parsed
 * into a {@link Change} and applied through the controller. This class only reads the JSON
 * (unknown fields, wrong types, duplicate keys and trailing content are refused) and shapes the
 * answer; every rule of the change itself is the core's. Stateless.
 */
final class DashboardAction {

    private static final JSON JSON_READER = JSON.std.with(JSON.Feature.FAIL_ON_DUPLICATE_MAP_KEYS);
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final String EXAMPLE = "{\"action\":\"enter\",\"target\":\"/admin\"}";

    private DashboardAction() {
    }

    /**
     * Parses and validates a request body.
     *
     * @throws io.github.maintenance.MaintenanceException with a message for the client when the
     *                                                    body is not a valid action
     */
    static Change parse(byte[] body) {
        return ChangeFields.parse(fields(body), null);
    }

    /**
     * Reads a request body as a JSON object (the action's fields, for {@link ChangeFields}).
     *
     * @throws io.github.maintenance.MaintenanceException with a message for the client when the
     *                                                    body is not one JSON object
     */
    static Map<String, Object> fields(byte[] body) {
        if (new String(body, StandardCharsets.UTF_8).isBlank()) {
            throw MaintenanceErrors.invalidField("the body is empty; send a JSON object such as " + EXAMPLE);
        }
        Object value;
        try (JsonParser p = FACTORY.createParser(body)) {
            value = JSON_READER.anyFrom(p);
            if (value != null && p.nextToken() != null) {
                throw MaintenanceErrors.invalidField("invalid JSON body: unexpected content after the object");
            }
        } catch (JsonProcessingException e) {
            String message = e.getOriginalMessage() == null ? "unreadable" : e.getOriginalMessage();
            int cut = message.indexOf(" (start marker");
            if (cut > 0) {
                message = message.substring(0, cut);
            }
            JsonLocation at = e.getLocation();
            throw MaintenanceErrors.invalidField("invalid JSON body" + (at == null || at.getLineNr() < 1 ? ""
                    : " at line " + at.getLineNr() + ", column " + at.getColumnNr()) + ": " + firstLine(message));
        } catch (IOException e) {
            throw MaintenanceErrors.invalidField("invalid JSON body: " + firstLine(e.getMessage()));
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw MaintenanceErrors.invalidField("the body must be a JSON object such as " + EXAMPLE);
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        map.forEach((k, v) -> fields.put(String.valueOf(k), v));
        return fields;
    }

    /**
     * Applies a change.
     *
     * @return the success answer: for enter, exit, drain and cancel
     *         {@code {"action","target","route_ids","version"}} (the routes it changed); for
     *         schedule and unschedule {@code {"action","schedule","version"}} with the window (as
     *         it was, for unschedule); plus {@code "store_saved": false} when the change holds on
     *         this instance only
     * @throws io.github.maintenance.MaintenanceException when the controller refuses it
     */
    static Map<String, Object> apply(Change change, MaintenanceController controller, Cause cause) {
        ChangeResult result = controller.apply(change, cause);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("action", name(change));
        if (change instanceof Change.Schedule || change instanceof Change.Unschedule) {
            m.put("schedule", DashboardJson.schedule(result.first().window()));
        } else {
            m.put("target", change.targetText());
            m.put("route_ids", result.routeIds());
        }
        m.put("version", result.version());
        if (!result.storeSaved()) {
            m.put("store_saved", false);
        }
        return m;
    }

    private static String name(Change change) {
        if (change instanceof Change.Enter) {
            return "enter";
        } else if (change instanceof Change.Exit) {
            return "exit";
        } else if (change instanceof Change.StartDrain) {
            return "drain";
        } else if (change instanceof Change.CancelDrain) {
            return "cancel";
        } else if (change instanceof Change.Schedule) {
            return "schedule";
        }
        return "unschedule";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return MaintenanceErrors.printable(nl < 0 ? s : s.substring(0, nl));
    }
}
