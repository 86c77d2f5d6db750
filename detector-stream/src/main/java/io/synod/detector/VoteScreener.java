package io.synod.detector;

import io.synod.events.RejectReason;
import io.synod.events.Rejections;
import io.synod.keys.Keys;
import io.synod.schemas.AgentRegistration;
import io.synod.schemas.Decision;
import io.synod.schemas.RoundOpened;
import io.synod.schemas.ScoredVote;
import io.synod.schemas.Vote;
import io.synod.tracing.StageTracer;
import io.synod.tracing.TraceHeaders;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The detector's one processor. Rounds and decisions (co-partitioned with votes) keep the
 * per-proposal view current; each vote is validated and forwarded either to the scored-votes sink,
 * with its suspicion, or to the rejections sink, with its reason. The first vote of an agent in a
 * round stands.
 */
final class VoteScreener implements Processor<String, SpecificRecord, String, SpecificRecord> {
    private final String scoredSink;
    private final String rejectedSink;
    private ProcessorContext<String, SpecificRecord> context;
    private ProposalRounds proposals;
    private KeyValueStore<String, AgentRegistration> registry;
    private final SignatureCheck identity = new SignatureCheck();
    private StageTracer tracer;

    VoteScreener(String scoredSink, String rejectedSink) {
        this.scoredSink = scoredSink;
        this.rejectedSink = rejectedSink;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        proposals = new ProposalRounds(context.getStateStore(DetectorStores.ROUNDS),
                context.getStateStore(DetectorStores.CLOSED), context.getStateStore(DetectorStores.SEEN),
                context.getStateStore(DetectorStores.VOTE_IDS));
        registry = context.getStateStore(DetectorStores.REGISTRY);
        tracer = StageTracer.from(context.appConfigs());
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (record.key() == null && !(record.value() instanceof Vote)) {
            return;
        }
        if (record.value() instanceof RoundOpened round) {
            proposals.opened(record.key(), round);
        } else if (record.value() instanceof Decision decision) {
            if (!"escalated".equals(decision.getStatus())) {
                proposals.ended(record.key(), decision.getDecidedAtMs());
            }
        } else if (record.value() instanceof Vote vote) {
            // The agent's trace context goes on with the vote, scored or rejected.
            try (StageTracer.Stage stage = tracer.continueTrace("detector.screen", TraceHeaders.traceparent(record.headers()))) {
                stage.attribute("synod.tenant", vote.getTenant()).attribute("synod.proposal", vote.getProposalId())
                        .attribute("synod.agent", vote.getAgentId());
                screen(TraceHeaders.with(record, stage.traceparent()), vote);
            }
        }
    }

    private void screen(Record<String, SpecificRecord> record, Vote vote) {
        String key = record.key() == null ? Keys.of(vote.getTenant(), vote.getProposalId()) : record.key();
        VoteValidator.OpenRound open = proposals.open(key);
        AgentRegistration agent = registry.get(Keys.of(vote.getTenant(), vote.getAgentId()));
        VoteValidator.Problem problem = VoteValidator.check(key, vote, open, open == null && proposals.hasEnded(key), agent);
        if (problem == null) {
            problem = identity.check(vote, agent);
        }
        if (problem == null && !proposals.firstUseOf(key, vote.getEventId(), vote.getCastAtMs())) {
            problem = new VoteValidator.Problem(RejectReason.REPLAYED_VOTE, "vote id " + vote.getEventId() + " was already used");
        }
        if (problem == null) {
            int round = open.round().getRound();
            if (!proposals.firstVote(key, round, vote.getAgentId(), vote.getCastAtMs())) {
                problem = new VoteValidator.Problem(RejectReason.DUPLICATE,
                        "agent " + vote.getAgentId() + " already voted in round " + round + "; the first vote stands");
            } else if (vote.getRound() == null) {
                vote.setRound(round);
            }
        }
        if (problem != null) {
            context.forward(record.withKey(key).withValue(
                    Rejections.ofVote(vote, problem.reason(), problem.detail(), record.timestamp())), rejectedSink);
            return;
        }
        ScoredVote scored = ScoredVote.newBuilder()
                .setVote(vote)
                .setSuspicion(0.0)
                .setReasons(List.of())
                .setScoredAtMs(record.timestamp())
                .build();
        context.forward(record.withKey(key).withValue(scored), scoredSink);
    }
}
