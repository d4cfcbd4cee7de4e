package io.github.maintenance.ctl;

import java.util.LinkedHashMap;
import java.util.Map;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --url}, {@code --message} and {@code --retry-after} of {@code enter}, {@code exec} and {@code schedule}. */
final class PageOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL",
            description = "page to show (http/https); default: the built-in page")
    String url = "";

    @Option(names = "--message", paramLabel = "TEXT", description = "message on the built-in page")
    String message;

    @Option(names = "--retry-after", paramLabel = "DURATION", description = "Retry-After of the responses")
    String retryAfter;

    /** Whether a message or Retry-After needs the JSON form of the command. */
    boolean extended() {
        return message != null || retryAfter != null;
    }

    /** Whether any of these options was given. */
    boolean any() {
        return !url.isEmpty() || extended();
    }

    /** The checked URL ({@code ""} for the built-in page). */
    String checkedUrl() {
        return Args.url(spec, url);
    }

    /** The JSON fields {@code url}, {@code message}, {@code retry_after} that are set, checked. */
    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (!checkedUrl().isEmpty()) {
            m.put("url", url);
        }
        if (message != null) {
            m.put("message", message);
        }
        if (retryAfter != null) {
            m.put("retry_after", Args.duration(spec, retryAfter, "--retry-after"));
        }
        return m;
    }
}
