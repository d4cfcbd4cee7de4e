package io.github.maintenance.state;

/**
 * Gives the probability that a request is rejected while a route drains, as a function of the
 * elapsed fraction of the drain period.
 *
 * <p>Called on the request path: implementations must be fast, allocation-free and thread-safe.
 * Once the period is over every request is rejected whatever the policy says.
 */
@FunctionalInterface
public interface DrainPolicy {

    /**
     * The probability in {@code [0, 1]} of rejecting a request.
     *
     * @param progress the elapsed fraction of the period, in {@code [0, 1)}
     * @return the probability, in {@code [0, 1]}
     */
    double rejectProbability(double progress);

    /**
     * The seeds' policy and the default: nothing is rejected during the first half of the period;
     * after that the probability equals the elapsed fraction.
     *
     * @return the standard policy
     */
    static DrainPolicy standard() {
        return StandardPolicies.STANDARD;
    }

    /**
     * Probability equal to the elapsed fraction from the start.
     *
     * @return the linear policy
     */
    static DrainPolicy linear() {
        return StandardPolicies.LINEAR;
    }

    /**
     * Parses a policy name: {@code standard} (also {@code seed}) or {@code linear}.
     *
     * @param name {@code standard} (or its aliases {@code seed} and {@code default}) or {@code linear};
     *     surrounding blanks are ignored
     * @return the policy of that name
     * @throws io.github.maintenance.MaintenanceException for another name
     */
    static DrainPolicy named(String name) {
        return switch (name == null ? "" : name.trim()) {
            case "standard", "seed", "default" -> standard();
            case "linear" -> linear();
            default -> throw new io.github.maintenance.MaintenanceException(
                    "unknown drain policy '" + io.github.maintenance.MaintenanceErrors.printable(name)
                            + "' (expected standard or linear)");
        };
    }
}

/** The built-in policies, with readable names. */
enum StandardPolicies implements DrainPolicy {
    STANDARD {
        @Override
        public double rejectProbability(double progress) {
            return progress <= 0.5 ? 0.0 : progress;
        }
    },
    LINEAR {
        @Override
        public double rejectProbability(double progress) {
            return progress;
        }
    };

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
