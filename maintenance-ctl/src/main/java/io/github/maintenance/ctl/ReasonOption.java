package io.github.maintenance.ctl;

import io.github.maintenance.Cause;
import io.github.maintenance.MaintenanceException;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --reason TEXT} of the commands that change state: why, recorded with the change in the
 * application's audit trail. The text is checked before anything is sent (the core's rule:
 * at most {@value Cause#MAX_REASON_LENGTH} characters, no control characters; a bad one is a usage
 * error), then set as the session's reason with the {@code MAINT_REASON} extension before the
 * change, so that the standard commands ({@code MAINT_ENTER}, {@code DRAIN_START}, …) carry it
 * unchanged on the wire.
 */
final class ReasonOption {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--reason", paramLabel = "TEXT",
            description = "why, recorded with the change in the audit trail (at most 500 characters)")
    String text;

    /**
     * Checks {@code --reason}; call before connecting.
     *
     * @throws picocli.CommandLine.ParameterException for a reason the core would refuse
     */
    void check() {
        checked();
    }

    private String checked() {
        try {
            return Cause.checkReason(text);
        } catch (MaintenanceException e) {
            throw Args.usage(spec, "--reason: " + e.getMessage().replace("field 'reason' ", ""));
        }
    }

    /**
     * Sets the reason of the session's following changes, when {@code --reason} was given.
     *
     * @throws FailedException when the registry refuses it (a registry without the extension)
     */
    void send(CtlSession s) throws FailedException {
        String reason = checked();
        if (reason.isEmpty()) {
            return;
        }
        try {
            s.call("MAINT_REASON", reason);
        } catch (FailedException e) {
            String error = e.registryError();
            if (error != null && error.startsWith("unknown command")) {
                throw new FailedException("the registry does not record reasons (no MAINT_REASON: an older version);"
                        + " nothing was changed. Run again without --reason");
            }
            throw e;
        }
    }
}
