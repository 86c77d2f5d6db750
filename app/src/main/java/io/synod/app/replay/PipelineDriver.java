package io.synod.app.replay;

import io.synod.config.SynodConfig;
import io.synod.schemas.AgentRegistration;
import io.synod.schemas.Proposal;
import io.synod.schemas.Vote;

/**
 * Replay's in-process chain of the production processors (decision 0006), fed event by event by
 * a benchmark instead of a file: {@code synod bench scale} times single events and weighs the
 * stores without a broker in between. Each call returns once nothing is in flight.
 */
public final class PipelineDriver implements AutoCloseable {
    private final ReplayPipeline pipeline;

    public PipelineDriver(SynodConfig config) {
        pipeline = new ReplayPipeline(config);
    }

    public void register(AgentRegistration registration, long tsMs) {
        pipeline.accept(ReplayEvent.valid("agent", registration.getTenant() + "/" + registration.getAgentId(), registration, tsMs));
    }

    public void propose(Proposal proposal, long tsMs) {
        pipeline.accept(ReplayEvent.valid("proposal", proposal.getTenant() + "/" + proposal.getProposalId(), proposal, tsMs));
    }

    public void vote(Vote vote, long tsMs) {
        pipeline.accept(ReplayEvent.valid("vote", vote.getTenant() + "/" + vote.getProposalId(), vote, tsMs));
    }

    /**
     * When the coordinator last emitted a decision (System.nanoTime): live, that is when it is
     * published; what the same call did after it (the reputation app's work) runs elsewhere.
     */
    public long lastDecisionNanos() {
        return pipeline.lastDecisionNanos();
    }

    /** Final decisions so far. */
    public int decided() {
        return pipeline.results().finalCount();
    }

    /** Rejections so far, all reasons together. */
    public long rejected() {
        return pipeline.results().rejections().values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public void close() {
        pipeline.close();
    }
}
