package io.github.maintenance.ctl;

import io.github.maintenance.Durations;
import io.github.maintenance.MaintenanceException;
import io.github.maintenance.Target;
import io.github.maintenance.registry.protocol.WireTime;

import java.time.Duration;
import java.time.Instant;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Checks option values before anything is sent, with the core's rules (targets, durations), and
 * turns them into their wire form. A bad value is a usage error of the command being run (exit
 * status 2) whose message names the option, the expected form and the value.
 */
final class Args {

    private Args() {
    }

    /** A usage error of {@code spec}'s command. */
    static ParameterException usage(CommandSpec spec, String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** {@code ALL}, route ids, paths or domains, as {@link Target#parse} reads them. */
    static Target target(CommandSpec spec, String text) {
        try {
            return Target.parse(text);
        } catch (MaintenanceException e) {
            throw usage(spec, "--target needs ALL, route ids, a /path or a domain: " + e.getMessage());
        }
    }

    /** A page URL, checked only for what would break the line; the registry checks the rest. */
    static String url(CommandSpec spec, String value) {
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw usage(spec, "--url must not contain control characters");
        }
        return value;
    }

    /** An RFC 3339 time, or a positive duration from now; in wire form (RFC 3339, UTC, seconds). */
    static String time(CommandSpec spec, String value, String option) {
        try {
            return WireTime.format(WireTime.parseInstant(value));
        } catch (IllegalArgumentException e) {
            // a duration, then
        }
        Duration d;
        try {
            d = Durations.parse(value);
        } catch (MaintenanceException e) {
            throw usage(spec, option + " needs an RFC 3339 time (2026-05-01T14:00:00Z) or a duration from now (30m),"
                    + " got '" + value + "'");
        }
        if (d.isZero()) {
            throw usage(spec, option + " must be in the future, got '" + value + "'");
        }
        // Rounded up: a time truncated to seconds must not fall short of the duration.
        return WireTime.format(Instant.now().plus(d).plusMillis(999));
    }

    /** A positive duration ({@code 30}, {@code 90s}, {@code 2m}), in the short wire syntax. */
    static String duration(CommandSpec spec, String value, String option) {
        try {
            Duration d = Durations.parse(value);
            if (!d.isZero()) {
                return Durations.format(d);
            }
        } catch (MaintenanceException e) {
            // below
        }
        throw usage(spec, option + " needs a positive duration (30, 90s, 2m), got '" + value + "'");
    }
}
