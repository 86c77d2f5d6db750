package io.synod.detector;

/**
 * One of the detector's five methods. Implementations are pure functions of the vote's context
 * (the vote, its round, the agent's registration and profile, what the round has seen so far), so
 * replay and live scoring agree.
 */
interface DetectionMethod {
    /** The method's name in configuration: {@code detector.<name>.enabled}. */
    String name();

    MethodScore score(VoteContext context);
}
