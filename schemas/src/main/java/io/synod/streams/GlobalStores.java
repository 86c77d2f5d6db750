package io.synod.streams;

/**
 * Names of the global stores more than one stream app reads. One name per source topic, because a
 * topology may hold only one global store per topic: the detector and the coordinator share these
 * when they run fused in one application (decision 0046), and keep their own copies otherwise.
 */
public final class GlobalStores {
    /** tenant/agent -> AgentRegistration, from agent.registry. */
    public static final String REGISTRY = "agent-registry";
    /** tenant/agent -> Reputation with the agent's detection profile, from agent.reputation. */
    public static final String REPUTATION = "agent-reputation";

    private GlobalStores() {
    }
}
