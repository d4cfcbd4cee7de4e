package io.github.maintenance.ctl;

import java.util.LinkedHashMap;
import java.util.Map;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --url}, {@code --message}, {@code --retry-after} and the window options ({@code --mode},
 * {@code --read-only}, {@code --hold}, {@code --status}, {@code --redirect}, {@code --refresh},
 * {@code --template}, {@code --secret}) of {@code enter}, {@code exec} and {@code schedule}. The
 * registry checks the options' ranges; here only their syntax.
 */
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

    @Option(names = "--mode", paramLabel = "MODE", description = "full (default), read-only or hold")
    String mode;

    @Option(names = "--read-only", description = "read-only mode: GET, HEAD, OPTIONS and TRACE pass, the rest gets the page")
    boolean readOnly;

    @Option(names = "--hold", paramLabel = "DURATION", arity = "0..1", fallbackValue = "",
            description = "hold mode: park requests until maintenance ends, at most DURATION (1s to 5m; default: "
                + "the filter's)")
    String hold;

    @Option(names = "--status", paramLabel = "CODE", description = "status of the maintenance response (400-599, "
            + "or 301/302/303/307/308 with --redirect)")
    Integer status;

    @Option(names = "--redirect", paramLabel = "TARGET", description = "redirect blocked requests to an absolute path "
            + "or http(s) URL")
    String redirect;

    @Option(names = "--refresh", paramLabel = "DURATION", description = "Refresh header of the page (1s to 1h)")
    String refresh;

    @Option(names = "--template", paramLabel = "NAME", description = "name of the page template to use")
    String template;

    @Option(names = "--secret", paramLabel = "SECRET", description = "bypass secret (8-128 of A-Z a-z 0-9 . _ ~ -)")
    String secret;

    /** Whether a message, Retry-After or a window option needs the JSON form of the command. */
    boolean extended() {
        return message != null || retryAfter != null || mode != null || readOnly || hold != null || status != null
                || redirect != null || refresh != null || template != null || secret != null;
    }

    /** The mode asked for ({@code null}: none given), checked: one mode only. */
    String modeName() {
        int given = (mode != null ? 1 : 0) + (readOnly ? 1 : 0) + (hold != null ? 1 : 0);
        if (given > 1 && !(hold != null && "hold".equals(mode) && !readOnly)) {
            throw Args.usage(spec, "give one of --mode, --read-only and --hold");
        }
        if (readOnly) {
            return "read-only";
        }
        if (hold != null) {
            return "hold";
        }
        if (mode != null && !mode.equals("full") && !mode.equals("read-only") && !mode.equals("hold")) {
            throw Args.usage(spec, "invalid --mode: expected full, read-only or hold");
        }
        return mode;
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
        String modeName = modeName();
        if (modeName != null) {
            m.put("mode", modeName);
        }
        if (hold != null && !hold.isEmpty()) {
            m.put("hold", Args.duration(spec, hold, "--hold"));
        }
        if (status != null) {
            m.put("status", status);
        }
        if (redirect != null) {
            m.put("redirect", redirect);
        }
        if (refresh != null) {
            m.put("refresh", Args.duration(spec, refresh, "--refresh"));
        }
        if (template != null) {
            m.put("template", template);
        }
        if (secret != null) {
            m.put("secret", secret);
        }
        return m;
    }
}
