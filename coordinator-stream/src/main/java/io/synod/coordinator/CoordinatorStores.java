package io.synod.coordinator;

/** Names and key layouts of the coordinator's state stores. */
final class CoordinatorStores {
    /** tenant/proposal -> ProposalState. */
    static final String PROPOSALS = "coordinator-proposals";
    /**
     * tenant/proposal NUL round NUL agent -> Ballot, for the open round; under round {@link #STANDING}, the
     * votes that stand from the rounds before it (a vote stands until its agent votes again).
     */
    static final String BALLOTS = "coordinator-ballots";
    /** 16 hex digits of the due time NUL tenant/proposal -> tenant/proposal ({@link io.synod.streams.DueIndex}): round deadlines, arbitration timeouts, ends of retention. */
    static final String DEADLINES = "coordinator-deadlines";
    /** tenant/proposal -> W3C traceparent of a traced proposal, until it ends. */
    static final String TRACES = "coordinator-trace-context";
    /** tenant/agent -> Reputation (global, from agent.reputation). */
    static final String REPUTATION = io.synod.streams.GlobalStores.REPUTATION;
    /** tenant/agent -> AgentRegistration (global, from agent.registry). */
    static final String REGISTRY = io.synod.streams.GlobalStores.REGISTRY;
    /** tenant NUL proposal -> 1 while open or escalated, 0 once ended (the quota gate's memory). */
    static final String QUOTA_PROPOSALS = "coordinator-quota-proposals";
    /** When each ended proposal's entry in the quota gate's memory is dropped ({@link io.synod.streams.DueIndex}). */
    static final String QUOTA_EXPIRY = "coordinator-quota-expiry";
    /** tenant -> how many of its proposals are open or escalated. */
    static final String QUOTA_OPEN = "coordinator-quota-open";
    /** tenant -> TenantQuota (global, from tenant.quotas). */
    static final String TENANT_QUOTAS = "coordinator-tenant-quotas";

    /** The round number under which a proposal's standing votes are kept: rounds count from 1. */
    static final int STANDING = 0;

    private CoordinatorStores() {
    }

    static String ballotPrefix(String proposalKey, int round) {
        return proposalKey + '\u0000' + round + '\u0000';
    }

    static String ballotKey(String proposalKey, int round, String agentId) {
        return ballotPrefix(proposalKey, round) + agentId;
    }
}
