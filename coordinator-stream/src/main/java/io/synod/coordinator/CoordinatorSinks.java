package io.synod.coordinator;

import io.synod.events.DecisionStatuses;

/** The coordinator's sink node names; each decision goes to the all-decisions sink and to its status's sink. */
record CoordinatorSinks(String rounds, String decisions, String achieved, String failed, String escalated,
                        String halted, String rejected) {

    static final CoordinatorSinks DEFAULT = new CoordinatorSinks("coordinator-rounds-sink",
            "coordinator-decisions-sink", "coordinator-achieved-sink", "coordinator-failed-sink",
            "coordinator-escalated-sink", "coordinator-halted-sink", "coordinator-rejections-sink");

    String forStatus(String status) {
        if (DecisionStatuses.REACHED.contains(status)) {
            return achieved;
        }
        return switch (status) {
            case "escalated" -> escalated;
            case "halted" -> halted;
            default -> failed;
        };
    }
}
