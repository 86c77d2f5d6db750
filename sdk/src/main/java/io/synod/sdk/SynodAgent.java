package io.synod.sdk;

import io.synod.schemas.RoundOpened;

/**
 * The one method an agent implements. {@link AgentRunner} calls it for every round the agent is
 * eligible in, on the runner's thread. In a revote (round &gt; 1) the round carries the previous
 * round's distribution and ballots with their justifications; {@link PreviousRound} reads them.
 */
@FunctionalInterface
public interface SynodAgent {

    /**
     * The agent's vote in {@code round}, {@link AgentVote#abstain} to abstain, or null to not vote
     * at all. An exception skips the round (it is logged and counted), it never stops the runner.
     */
    AgentVote vote(RoundOpened round) throws Exception;
}
