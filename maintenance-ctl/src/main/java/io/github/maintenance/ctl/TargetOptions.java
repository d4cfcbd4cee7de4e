package io.github.maintenance.ctl;

import io.github.maintenance.Target;

import java.util.List;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --target} and {@code --create} of the commands that may create ad-hoc routes ({@code enter},
 * {@code exec}, {@code schedule}). A {@code /path} or domain that no route has is refused unless
 * {@code --create} is given, naming the closest declared route: a typo must not put a new, empty
 * route into maintenance while the route meant stays open.
 */
final class TargetOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--target", paramLabel = "TARGET",
            description = "ALL (default), route ids, /paths or domains, comma-separated")
    String text = "ALL";

    @Option(names = "--create",
            description = "let a /path or domain that no route has get an ad-hoc route (refused otherwise)")
    boolean create;

    /** The parsed target. */
    Target target() {
        return Args.target(spec, text);
    }

    /**
     * Checks {@code target} against the registry's routes when it has path or domain items (or
     * {@code always}); returns the listing fetched, or {@code null} when none was needed.
     *
     * @throws picocli.CommandLine.ParameterException for an item that selects no route, without {@code --create}
     * @throws FailedException when the registry is gone, or cannot list its routes and the check is needed
     */
    RouteListing check(CtlSession s, Target target, boolean always) throws FailedException {
        boolean needed = !create && RouteListing.needed(target);
        if (!needed && !always) {
            return null;
        }
        RouteListing listing = RouteListing.fetch(s);
        if (!needed) {
            return listing;
        }
        if (!listing.available()) {
            throw new FailedException("cannot check the target " + target + " against the registry's routes ("
                    + listing.unavailableReason() + "); pass --create to use it as it is");
        }
        List<String> unmatched = listing.unmatched(target);
        if (unmatched.isEmpty()) {
            return listing;
        }
        StringBuilder sb = new StringBuilder();
        for (String item : unmatched) {
            sb.append(Target.isPathItem(item) ? "no route has the path " : "no route serves the domain ").append(item);
            RouteListing.Entry closest = listing.closest(item);
            sb.append(closest == null ? "; the application declares no route" : "; the closest declared route is "
                    + closest.describe()).append(". ");
        }
        sb.append("Pass --create to create ").append(unmatched.size() == 1 ? "an ad-hoc route" : "ad-hoc routes")
                .append(" for ").append(String.join(", ", unmatched)).append('.');
        throw Args.usage(spec, sb.toString());
    }
}
