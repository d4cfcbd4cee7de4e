package io.github.maintenance.registry.protocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One received line split into fields: field 0 is the command name. For a known command whose
 * last field carries free text or JSON, that field holds the rest of the line, {@code |}
 * included.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name    field 0 as received
 * @param command the command named by field 0, or {@code null} when there is none of that name
 * @param fields  every field, field 0 included
 */
public record CommandLine(String name, Command command, List<String> fields) {

    /**
     * Copies {@code fields}.
     *
     * @param name    field 0 as received
     * @param command the command named by field 0, or {@code null}
     * @param fields  every field, field 0 included
     */
    public CommandLine {
        fields = List.copyOf(fields);
    }

    /**
     * Splits {@code line} (without its line terminator) on every {@code |}, keeping empty fields,
     * then re-joins the remainder field of a known command.
     *
     * @param line a line without its terminator
     * @return the fields and the command they name
     */
    public static CommandLine parse(String line) {
        List<String> parts = split(line);
        String name = parts.get(0);
        Command command = Command.lookup(name);
        if (command != null && command.remainderField() >= 0 && parts.size() > command.remainderField() + 1) {
            int r = command.remainderField();
            List<String> joined = new ArrayList<>(parts.subList(0, r));
            joined.add(String.join("|", parts.subList(r, parts.size())));
            parts = joined;
        }
        return new CommandLine(name, command, parts);
    }

    /**
     * {@return {@code line.split("|")} on every separator, empty fields kept (as Go's {@code strings.Split})}
     *
     * @param line a line without its terminator
     */
    public static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '|') {
                out.add(line.substring(start, i));
                start = i + 1;
            }
        }
        out.add(line.substring(start));
        return out;
    }

    /**
     * Builds a line from fields (the client side); no field may contain a line break.
     *
     * @param fields the fields, the command name first
     * @return the fields joined with {@code |}, without a line terminator
     * @throws IllegalArgumentException when a field contains {@code \n} or {@code \r}
     */
    public static String join(String... fields) {
        for (String f : fields) {
            if (f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("a field must not contain a line break: " + Arrays.toString(fields));
            }
        }
        return String.join("|", fields);
    }

    /** {@return whether the line has the fields its command needs} */
    public boolean hasEnoughFields() {
        return command != null && fields.size() >= command.minFields();
    }

    /**
     * {@return field {@code i}, or {@code ""} when the line is shorter}
     *
     * @param i the field's index, 0 for the command name
     */
    public String field(int i) {
        return i < fields.size() ? fields.get(i) : "";
    }

    /** {@return the number of fields, field 0 included} */
    public int size() {
        return fields.size();
    }
}
