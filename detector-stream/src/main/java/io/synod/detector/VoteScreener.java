package io.synod.detector;

import io.synod.events.RejectReason;
import io.synod.events.Rejections;
import io.synod.keys.Keys;
import io.synod.schemas.AgentRegistration;
import io.synod.schemas.Decision;
import io.synod.schemas.Reputation;
import io.synod.schemas.RoundOpened;
import io.synod.schemas.ScoredVote;
import io.synod.schemas.Vote;
import io.synod.tracing.StageTracer;
import io.synod.tracing.TraceHeaders;
import io.synod.text.TextFingerprint;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The detector's one processor. Rounds and decisions (co-partitioned with votes) keep the
 * per-proposal view current; each vote is validated and either rejected with its reason or scored
 * by the enabled detection methods and forwarded with its suspicion and reasons — at once, or,
 * with the LLM judge configured, once the judge answered or timed out. The first vote of an agent
 * in a round stands.
 */
final class VoteScreener implements Processor<String, SpecificRecord, String, SpecificRecord> {
    private final String scoredSink;
    private final String rejectedSink;
    private final DetectorSettings settings;
    private final SuspicionScorer scorer;
    private final JudgeGate.Factory judgeFactory;
    private ProcessorContext<String, SpecificRecord> context;
    private ProposalRounds proposals;
    private RoundMemory memory;
    private KeyValueStore<String, AgentRegistration> registry;
    private KeyValueStore<String, Reputation> reputations;
    private JudgeGate judge;
    private final SignatureCheck identity = new SignatureCheck();
    private final long endedRetentionMs;
    private StageTracer tracer;

    VoteScreener(String scoredSink, String rejectedSink, DetectorSettings settings, double flagSuspicion, JudgeGate.Factory judgeFactory,
                 long endedRetentionMs) {
        this.endedRetentionMs = endedRetentionMs;
        this.scoredSink = scoredSink;
        this.rejectedSink = rejectedSink;
        this.settings = settings;
        this.scorer = SuspicionScorer.of(settings, flagSuspicion);
        this.judgeFactory = judgeFactory;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        proposals = new ProposalRounds(context.getStateStore(DetectorStores.ROUNDS),
                context.getStateStore(DetectorStores.CLOSED), context.getStateStore(DetectorStores.VOTE_IDS),
                context.getStateStore(DetectorStores.CLOSED_EXPIRY), endedRetentionMs);
        memory = new RoundMemory(context.getStateStore(DetectorStores.PRINTS), context.getStateStore(DetectorStores.ARRIVALS));
        registry = context.getStateStore(DetectorStores.REGISTRY);
        tracer = StageTracer.from(context.appConfigs());
        reputations = context.getStateStore(DetectorStores.REPUTATION);
        judge = judgeFactory == null ? null : judgeFactory.open(context, scoredSink);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (judge != null) {
            judge.release(false);
        }
        if (record.key() == null && !(record.value() instanceof Vote)) {
            return;
        }
        proposals.forgetEndedBefore(context.currentStreamTimeMs());
        if (record.value() instanceof RoundOpened round) {
            RoundOpened previous = proposals.opened(record.key(), round);
            if (previous == null || previous.getRound() < round.getRound()) {
                memory.opened(record.key(), round.getRound());
            }
            if (previous != null && previous.getRound() > 1) {
                memory.forgetRound(record.key(), previous.getRound() - 1);
            }
        } else if (record.value() instanceof Decision decision) {
            if (!"escalated".equals(decision.getStatus())) {
                RoundOpened last = proposals.ended(record.key(), decision.getDecidedAtMs());
                if (last != null) {
                    memory.forgetRound(record.key(), last.getRound());
                    memory.forgetRound(record.key(), last.getRound() - 1);
                }
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

    @Override
    public void close() {
        if (judge != null) {
            judge.close();
        }
    }

    private void screen(Record<String, SpecificRecord> record, Vote vote) {
        String key = record.key() == null ? Keys.of(vote.getTenant(), vote.getProposalId()) : record.key();
        VoteValidator.OpenRound open = proposals.open(key);
        AgentRegistration agent = registry.get(Keys.of(vote.getTenant(), vote.getAgentId()));
        VoteValidator.Problem problem = VoteValidator.check(key, vote, record.timestamp(), open, open == null && proposals.hasEnded(key), agent);
        if (problem == null) {
            problem = identity.check(vote, agent);
        }
        if (problem == null && !proposals.firstUseOf(key, vote.getEventId(), vote.getCastAtMs())) {
            problem = new VoteValidator.Problem(RejectReason.REPLAYED_VOTE, "vote id " + vote.getEventId() + " was already used");
        }
        if (problem == null) {
            int round = open.round().getRound();
            if (memory.hasVoted(key, round, vote.getAgentId())) {
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
        SuspicionScorer.Suspicion suspicion;
        if (scorer.anyEnabled()) {
            suspicion = score(key, vote, open, agent, record.timestamp());
        } else {
            // Nothing to compare it with, but its print is still what refuses the agent's second vote.
            memory.remember(key, open.round().getRound(), new RoundMemory.Print(vote.getAgentId(), vote.getChoice(), 0L, false));
            suspicion = new SuspicionScorer.Suspicion(0.0, List.of());
        }
        ScoredVote scored = ScoredVote.newBuilder()
                .setVote(vote)
                .setSuspicion(suspicion.score())
                .setReasons(suspicion.reasons())
                .setScoredAtMs(record.timestamp())
                .build();
        if (judge != null && judge.hold(key, open.round(), scored, record.timestamp())) {
            return;
        }
        context.forward(record.withKey(key).withValue(scored), scoredSink);
    }

    private SuspicionScorer.Suspicion score(String key, Vote vote, VoteValidator.OpenRound open, AgentRegistration agent, long atMs) {
        int round = open.round().getRound();
        List<String> tokens = TextFingerprint.tokens(vote.getJustification(), open.round().getOptions());
        TextFingerprint.Print fingerprint = TextFingerprint.print(tokens);
        long print = fingerprint.simhash();
        int bigrams = fingerprint.distinctBigrams();
        List<RoundMemory.Print> earlier = memory.round(key, round);
        RoundMemory.Print previous = memory.previous(key, round, vote.getAgentId());
        int burst = memory.arrive(vote.getTenant(), key, round, atMs, settings.burstMinGaps(), settings.burstFraction());
        int contentWords = TextFingerprint.contentWords(tokens);
        boolean terse = contentWords < settings.minContentWords();
        RoundMemory.TenantNorms norms = memory.norms(vote.getTenant(), terse, terse && vote.getConfidence() >= settings.extremeConfidence());
        VoteContext voteContext = new VoteContext(vote, open, agent, reputations.get(Keys.of(vote.getTenant(), vote.getAgentId())),
                tokens, print, contentWords, bigrams, earlier, previous, burst, norms);
        SuspicionScorer.Suspicion suspicion = scorer.score(voteContext);
        memory.remember(key, round, new RoundMemory.Print(vote.getAgentId(), vote.getChoice(), print, bigrams >= TextFingerprint.MIN_BIGRAMS));
        return suspicion;
    }
}
