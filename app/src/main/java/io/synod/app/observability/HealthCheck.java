package io.synod.app.observability;

/** One named condition of the node's liveness or readiness. */
public interface HealthCheck {
    String name();

    /** Null when healthy, otherwise what is wrong, in a few words. */
    String problem();

    static HealthCheck of(String name, java.util.function.Supplier<String> problem) {
        return new HealthCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String problem() {
                try {
                    return problem.get();
                } catch (RuntimeException e) {
                    return e.getClass().getSimpleName() + ": " + e.getMessage();
                }
            }
        };
    }
}
