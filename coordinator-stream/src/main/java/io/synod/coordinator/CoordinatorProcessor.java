package io.synod.coordinator;

import io.synod.events.Choices;
import io.synod.events.InputLimits;
import io.synod.events.QuarantineReasons;
import io.synod.events.RejectReason;
import io.synod.events.Rejections;
import io.synod.events.SuspicionReasons;
import io.synod.keys.Keys;
import io.synod.schemas.AgentRegistration;
import io.synod.schemas.Arbitration;
import io.synod.schemas.Ballot;
import io.synod.schemas.Decision;
import io.synod.schemas.Policy;
import io.synod.schemas.Proposal;
import io.synod.schemas.Reputation;
import io.synod.schemas.RoundOpened;
import io.synod.schemas.ScoredVote;
import io.synod.schemas.Vote;
import io.synod.schemas.internal.ProposalState;
import io.synod.streams.DueIndex;
import io.synod.tracing.StageTracer;
import io.synod.tracing.TraceHeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Runs the consensus protocol for the proposals of one partition: opens rounds, collects scored
 * votes, closes a round when every eligible agent voted or its deadline passed (event time, and a
 * wall-clock punctuator for idle partitions), weighs and counts, and ends each proposal exactly
 * once. The state store is the deduplication: a closed proposal never decides again, and with
 * exactly-once processing the state and the outputs commit together.
 */
final class CoordinatorProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {
    private final CoordinatorConfig config;
    private final DecisionModel model;
    private final CoordinatorSinks sinks;
    private ProcessorContext<String, SpecificRecord> context;
    private ProposalBook book;
    private Eligibility eligibility;
    private KeyValueStore<String, Reputation> reputations;
    private KeyValueStore<String, AgentRegistration> registry;
    private KeyValueStore<String, String> traces;
    private StageTracer tracer;

    CoordinatorProcessor(CoordinatorConfig config, DecisionModel model, CoordinatorSinks sinks) {
        this.config = config;
        this.model = model;
        this.sinks = sinks;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        book = new ProposalBook(context.getStateStore(CoordinatorStores.PROPOSALS),
                context.getStateStore(CoordinatorStores.BALLOTS),
                context.getStateStore(CoordinatorStores.DEADLINES));
        registry = context.getStateStore(CoordinatorStores.REGISTRY);
        traces = context.getStateStore(CoordinatorStores.TRACES);
        tracer = StageTracer.from(context.appConfigs());
        eligibility = new Eligibility(registry);
        reputations = context.getStateStore(CoordinatorStores.REPUTATION);
        context.schedule(Duration.ofMillis(config.punctuateIntervalMs()), PunctuationType.WALL_CLOCK_TIME,
                wallClock -> closeDue(Math.max(wallClock, context.currentStreamTimeMs())));
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        closeDue(Math.max(record.timestamp(), context.currentStreamTimeMs()));
        if (record.value() instanceof ScoredVote scored) {
            onVote(record, scored);
        } else if (record.value() instanceof Proposal proposal) {
            onProposal(record, proposal);
        } else if (record.value() instanceof Arbitration arbitration) {
            onArbitration(record, arbitration);
        }
    }

    private void onProposal(Record<String, SpecificRecord> record, Proposal proposal) {
        String key = Keys.of(proposal.getTenant(), proposal.getProposalId());
        // The quota gate already ran these checks; they stay here so nothing else can open a broken proposal.
        ProposalChecks.Problem problem = ProposalChecks.problemWith(proposal, record.key(), config.defaultPolicy());
        if (problem == null && book.get(key) != null) {
            problem = new ProposalChecks.Problem(RejectReason.DUPLICATE_PROPOSAL, "proposal " + proposal.getProposalId() + " already exists");
        }
        if (problem != null) {
            reject(record, key, "proposal", proposal.getTenant(), proposal.getProposalId(), proposal.getEventId(), problem.reason(), problem.detail());
            return;
        }
        List<String> options = Choices.orDefault(proposal.getOptions());
        Policy policy = PolicyResolver.resolve(proposal.getPolicy(), config.defaultPolicy());
        String traceparent = TraceHeaders.traceparent(record.headers());
        if (traceparent != null) {
            // Later rounds and the decision are made outside this record: they find its trace here.
            traces.put(key, traceparent);
        }
        // The options resolved, the rest shared: Avro's builder would copy the text and participants deeply.
        Proposal normalized = new Proposal(proposal.getEventId(), proposal.getTenant(), proposal.getProposalId(), proposal.getText(),
                options, proposal.getParticipants(), proposal.getPolicy(), proposal.getProposedAtMs());
        ProposalState state = ProposalState.newBuilder()
                .setProposal(normalized)
                .setPolicy(policy)
                .setStatus("open")
                .setRound(0)
                .setEligible(List.of())
                .setOpenedAtMs(record.timestamp())
                .setDeadlineMs(record.timestamp())
                .build();
        openRound(key, state, 1, record.timestamp(), Map.of(), List.of(), List.of());
    }

    private void onVote(Record<String, SpecificRecord> record, ScoredVote scored) {
        Vote vote = scored.getVote();
        String key = Keys.of(vote.getTenant(), vote.getProposalId());
        ProposalBook.Entry entry = book.get(key);
        RejectReason reason = null;
        String detail = null;
        if (entry == null) {
            reason = RejectReason.UNKNOWN_PROPOSAL;
            detail = "no proposal " + vote.getProposalId();
        } else {
            ProposalState state = entry.state();
            int round = vote.getRound() == null ? state.getRound() : vote.getRound();
            if (!"open".equals(state.getStatus()) || round < state.getRound()) {
                reason = RejectReason.ROUND_CLOSED;
                detail = "round " + round + " of " + vote.getProposalId() + " is closed";
            } else if (round > state.getRound()) {
                reason = RejectReason.UNKNOWN_ROUND;
                detail = "round " + round + " is not open; current round is " + state.getRound();
            } else if (!entry.eligible().contains(vote.getAgentId())) {
                reason = RejectReason.NOT_ELIGIBLE;
                detail = "agent " + vote.getAgentId() + " is not eligible in round " + round;
            } else if (book.hasBallot(key, round, vote.getAgentId())) {
                reason = RejectReason.DUPLICATE;
                detail = "agent " + vote.getAgentId() + " already voted in round " + round + "; the first vote stands";
            }
        }
        if (reason != null) {
            context.forward(record.withKey(key).withValue(Rejections.ofVote(vote, reason, detail, record.timestamp())), sinks.rejected());
            return;
        }
        ProposalState state = entry.state();
        Ballot ballot = Ballot.newBuilder()
                .setAgentId(vote.getAgentId())
                .setChoice(vote.getChoice())
                .setConfidence(vote.getConfidence())
                .setWeight(0.0)
                .setSuspicion(scored.getSuspicion())
                .setCastAtMs(record.timestamp())
                .setJustification(vote.getJustification())
                .setReasons(scored.getReasons())
                .build();
        RoundProgress progress = book.addBallot(key, state.getRound(), ballot);
        if (progress.votes() >= entry.eligible().size()) {
            // Closed before its deadline: the deadline entry goes (one that came due was taken already).
            book.unschedule(key, dueOf(state));
            closeRound(key, state, record.timestamp(), progress.lastVoteAtMs());
        }
    }

    private void onArbitration(Record<String, SpecificRecord> record, Arbitration arbitration) {
        String key = Keys.of(arbitration.getTenant(), arbitration.getProposalId());
        // The record's key chose this task: an arbitration naming another tenant's proposal must not reach it.
        String idProblem = Keys.problemWithTenant(arbitration.getTenant());
        if (idProblem != null || !key.equals(record.key())) {
            reject(record, record.key(), "arbitration", arbitration.getTenant(), arbitration.getProposalId(), null,
                    idProblem != null ? RejectReason.INVALID_ID : RejectReason.KEY_MISMATCH,
                    idProblem != null ? idProblem : "record key " + record.key() + " does not match " + key);
            return;
        }
        String claimed = InputLimits.problemWithClaimedTime("decidedAtMs", arbitration.getDecidedAtMs(), record.timestamp());
        if (claimed != null) {
            reject(record, key, "arbitration", arbitration.getTenant(), arbitration.getProposalId(), null,
                    RejectReason.TIMESTAMP_OUT_OF_RANGE, claimed);
            return;
        }
        // The arbiter's name goes into the decision's reason and so into PostgreSQL text (decision 0039).
        String arbiterProblem = InputLimits.problemWithText("arbiter", arbitration.getArbiter());
        if (arbiterProblem != null) {
            reject(record, key, "arbitration", arbitration.getTenant(), arbitration.getProposalId(), null,
                    RejectReason.INVALID_VALUE, arbiterProblem);
            return;
        }
        ProposalBook.Entry entry = book.get(key);
        if (entry == null || !"escalated".equals(entry.state().getStatus())) {
            reject(record, key, "arbitration", arbitration.getTenant(), arbitration.getProposalId(), null,
                    entry == null ? RejectReason.UNKNOWN_PROPOSAL : RejectReason.NOT_ESCALATED,
                    "proposal " + arbitration.getProposalId() + " is not waiting for arbitration");
            return;
        }
        ProposalState state = entry.state();
        if (!state.getProposal().getOptions().contains(arbitration.getDecision())) {
            reject(record, key, "arbitration", arbitration.getTenant(), arbitration.getProposalId(), null,
                    RejectReason.OPTION_NOT_OFFERED, "option '" + arbitration.getDecision() + "' is not offered");
            return;
        }
        book.unschedule(key, state.getEscalatedAtMs() + config.arbitrationTimeoutMs());
        Map<String, Double> distribution = state.getLastDistribution();
        Decision decision = Decisions.build(key, state, "arbitrated", arbitration.getDecision(),
                distribution.getOrDefault(arbitration.getDecision(), 0.0), distribution, state.getLastParticipants(),
                List.of(), List.of(), "arbitrated by " + arbitration.getArbiter(), null, record.timestamp());
        finish(key, state, decision);
    }

    /** Closes every round whose deadline is before {@code nowMs}, at its deadline, earliest first. */
    private void closeDue(long nowMs) {
        book.takeDueBefore(nowMs, this::onDeadline);
    }

    private void onDeadline(String key, long dueMs) {
        ProposalBook.Entry entry = book.get(key);
        if (entry == null) {
            return;
        }
        ProposalState state = entry.state();
        if ("open".equals(state.getStatus()) && dueOf(state) == dueMs) {
            RoundProgress progress = book.progress(key, state.getRound());
            closeRound(key, state, dueMs, progress.lastVoteAtMs() < 0 ? null : progress.lastVoteAtMs());
        } else if ("escalated".equals(state.getStatus()) && state.getEscalatedAtMs() + config.arbitrationTimeoutMs() == dueMs) {
            Map<String, Double> distribution = state.getLastDistribution();
            finish(key, state, Decisions.build(key, state, "deadlock", null, 0.0, distribution,
                    state.getLastParticipants(), List.of(), List.of(), "arbitration_timeout", null, dueMs));
        } else if ("closed".equals(state.getStatus()) && state.getDeadlineMs() == dueMs) {
            // Retention over: a late vote is now an unknown proposal's, and the id may be used again.
            book.forget(key);
        }
    }

    private void closeRound(String key, ProposalState state, long atMs, Long lastVoteAtMs) {
        int round = state.getRound();
        List<Ballot> fresh = book.takeBallots(key, round);
        Set<String> standing = new HashSet<>();
        List<Ballot> ballots = round > 1 ? withStanding(fresh, book.takeStanding(key), book.get(key).eligible(), standing) : fresh;
        // Kept as cast for the next round, if one opens: the checks below rewrite weights and suspicions.
        List<Ballot> asCast = round < state.getPolicy().getMaxRounds() ? ballots.stream().map(b -> Ballot.newBuilder(b).build()).toList() : List.of();
        List<String> options = state.getProposal().getOptions();
        String tenant = state.getProposal().getTenant();
        Map<String, Reputation> seen = new HashMap<>();
        Function<String, Reputation> reputationOf = agent -> seen.computeIfAbsent(agent, a -> reputations.get(Keys.of(tenant, a)));
        Function<String, AgentRegistration> registrationOf = agent -> registry.get(Keys.of(tenant, agent));
        Set<String> swarm = config.roundChecks() ? config.swarm().swarm(ballots, options, state.getOpenedAtMs(), reputationOf,
                registrationOf) : Set.of();
        Set<String> lateSwarm = swarm.isEmpty() ? Set.of() : config.swarm().arrivedLate(swarm, ballots, reputationOf, registrationOf);
        Map<String, Copying> copied = config.roundChecks() ? copying(ballots, options, reputationOf) : Map.of();
        List<Ballot> counted = new ArrayList<>(ballots.size());
        List<String> flagged = new ArrayList<>();
        List<Ballot> excluded = new ArrayList<>();
        int detected = 0;
        for (Ballot ballot : ballots) {
            Reputation reputation = reputationOf.apply(ballot.getAgentId());
            boolean suspicious = ballot.getSuspicion() >= config.flagSuspicion();
            boolean quarantined = config.excludeQuarantined() && reputation != null && reputation.getFlagged();
            boolean inSwarm = swarm.contains(ballot.getAgentId());
            if (suspicious || quarantined || inSwarm) {
                ballot.setWeight(0.0);
                ballot.setSuspicion(1.0);
                // Not the default 0.5: the reputation app compares co-voters by their accuracies, and an
                // excluded voter's unknown one would make anyone who agrees with it look coordinated.
                ballot.setAccuracy(model.accuracyOf(reputation));
                if (lateSwarm.contains(ballot.getAgentId()) && !ballot.getReasons().contains(SuspicionReasons.SYBIL_SWARM)) {
                    // The reputation app tells a swarm's exclusion, conclusive at once, from the detector's (decision 0107).
                    addReason(ballot, SuspicionReasons.SYBIL_SWARM);
                }
                if (quarantined && ballot.getReasons().stream().noneMatch(QuarantineReasons::marksQuarantine)) {
                    // Quarantined in this round's view but not when the detector scored the vote: the mark tells the
                    // reputation app this exclusion is the quarantine's consequence, not new evidence (decision 0109).
                    addReason(ballot, QuarantineReasons.onBallot(reputation.getFlagReason()));
                }
                flagged.add(ballot.getAgentId());
                excluded.add(ballot);
                // Only new suspicious activity counts toward halting: an agent already quarantined (the
                // detector scores its votes 1.0 too) or a fresh swarm member carries no weight anyway.
                detected += suspicious && !quarantined && !inSwarm && !standing.contains(ballot.getAgentId()) ? 1 : 0;
            } else {
                Copying copying = copied.get(ballot.getAgentId());
                if (copying != null) {
                    if (copying.corroborated()) {
                        ballot.setSuspicion(Math.max(ballot.getSuspicion(), 1.0 - 1.0 / copying.groupSize()));
                    }
                    flagged.add(ballot.getAgentId());
                }
                counted.add(ballot);
            }
        }
        if (config.roundChecks()) {
            EchoGroups.assign(counted, reputationOf);
        }
        Tally tally = tally(state.getPolicy().getMode(), options, counted, excluded, reputationOf);
        RoundVerdict verdict = RoundVerdict.of(state.getPolicy(), state.getRound(), state.getEligible().size(),
                tally, detected, ballots.size(), config.haltFlaggedFraction());
        if (Boolean.TRUE.equals(state.getPolicy().getRequireTrusted())) {
            verdict = TrustedSet.confirm(verdict, state.getPolicy(), state.getRound(), counted,
                    agent -> registry.get(Keys.of(tenant, agent)));
        }
        Long expiresAt = state.getPolicy().getExpiresAtMs();
        boolean expired = expiresAt != null && atMs >= expiresAt;
        if (verdict.kind() == RoundVerdict.Kind.NEXT_ROUND && expired) {
            finish(key, state, Decisions.of(key, state, "expired", null, tally, flagged, ballots, "expired", lastVoteAtMs, atMs));
        } else if (verdict.kind() == RoundVerdict.Kind.NEXT_ROUND) {
            openRound(key, state, round + 1, atMs, tally.distribution(), sharedBallots(ballots), asCast);
        } else if (verdict.kind() == RoundVerdict.Kind.ESCALATED) {
            ProposalState escalated = copyOf(state);
            escalated.setStatus("escalated");
            escalated.setEscalatedAtMs(atMs);
            escalated.setLastDistribution(tally.distribution());
            escalated.setLastParticipants(tally.voters());
            book.put(key, escalated);
            book.schedule(key, atMs + config.arbitrationTimeoutMs());
            emit(key, Decisions.of(key, escalated, "escalated", null, tally, flagged, ballots, verdict.reason(), lastVoteAtMs, atMs));
        } else {
            finish(key, state, Decisions.of(key, state, verdict.kind().status, verdict.decision(), tally, flagged,
                    ballots, verdict.reason(), lastVoteAtMs, atMs));
        }
    }

    /** An agent's copy group: its size, and whether anything beyond this round's likeness says it copies. */
    private record Copying(int groupSize, boolean corroborated) {
    }

    private static void addReason(Ballot ballot, String reason) {
        List<String> reasons = new ArrayList<>(ballot.getReasons());
        reasons.add(reason);
        ballot.setReasons(reasons);
    }

    /**
     * The copy groups' members. Every member is flagged, but a group counts as one voter only when the
     * evidence goes beyond loosely alike texts: a member's justification nearly duplicates an earlier one of
     * the round (the detector's finding), or a member's reputation counts an earlier flag. Honest agents that
     * write from the same stock phrases fall into a group now and then; a bloc pastes one text, and the flag
     * its first group earns is what its reputation remembers (decision 0094).
     */
    private Map<String, Copying> copying(List<Ballot> ballots, List<String> options, Function<String, Reputation> reputationOf) {
        Map<String, Copying> copied = new HashMap<>();
        for (List<Ballot> group : config.copies().groups(ballots, options)) {
            boolean corroborated = false;
            for (Ballot ballot : group) {
                Reputation reputation = reputationOf.apply(ballot.getAgentId());
                corroborated |= ballot.getReasons().contains(SuspicionReasons.NEAR_DUPLICATE) || reputation != null && reputation.getFlags() > 0;
            }
            Copying copying = new Copying(group.size(), corroborated);
            group.forEach(ballot -> copied.put(ballot.getAgentId(), copying));
        }
        return copied;
    }

    /** One agent one vote in the unweighted modes; the configured decision model otherwise. */
    private Tally tally(String mode, List<String> options, List<Ballot> counted, List<Ballot> excluded,
                        Function<String, Reputation> reputationOf) {
        if ("simple_majority".equals(mode) || "unanimous".equals(mode)) {
            counted.forEach(ballot -> ballot.setWeight(1.0));
            return Tally.of(options, counted);
        }
        return model.tally(options, counted, excluded, reputationOf);
    }

    /**
     * The round's count: its own votes, and the votes standing from the rounds before it of eligible
     * agents that did not vote again (a vote stands until its agent changes it), in agent order as
     * the store gives a round's ballots. A later round nobody answers is decided on what the
     * proposal has, not failed for want of votes. {@code standingAgents} receives the carried votes' agents.
     */
    private static List<Ballot> withStanding(List<Ballot> fresh, List<Ballot> standing, Set<String> eligible, Set<String> standingAgents) {
        if (standing.isEmpty()) {
            return fresh;
        }
        Set<String> votedAgain = new HashSet<>();
        fresh.forEach(ballot -> votedAgain.add(ballot.getAgentId()));
        List<Ballot> count = new ArrayList<>(fresh);
        for (Ballot ballot : standing) {
            if (!votedAgain.contains(ballot.getAgentId()) && eligible.contains(ballot.getAgentId())) {
                count.add(ballot);
                standingAgents.add(ballot.getAgentId());
            }
        }
        count.sort(Comparator.comparing(Ballot::getAgentId, ProposalBook.UTF8_ORDER));
        return count;
    }

    private void openRound(String key, ProposalState previous, int round, long atMs,
                           Map<String, Double> previousDistribution, List<Ballot> previousBallots, List<Ballot> standing) {
        Proposal proposal = previous.getProposal();
        Policy policy = previous.getPolicy();
        List<String> eligible = eligibility.of(proposal.getTenant(), proposal.getParticipants());
        long deadline = atMs + policy.getRoundTimeoutMs();
        ProposalState state = copyOf(previous);
        state.setRound(round);
        state.setStatus("open");
        state.setEligible(eligible);
        state.setOpenedAtMs(atMs);
        state.setDeadlineMs(deadline);
        if (eligible.size() < Math.max(1, policy.getMinParticipants())) {
            Tally empty = Tally.of(proposal.getOptions(), List.of());
            finish(key, state, Decisions.of(key, state, "failed", null, empty, List.of(), List.of(),
                    "min_participants", null, atMs));
            return;
        }
        book.put(key, state);
        book.opened(key, round);
        book.stand(key, standing);
        book.schedule(key, dueOf(state));
        String parent = traces.get(key);
        try (StageTracer.Stage stage = tracer.startTrace("coordinator.open_round", parent)) {
            stage.attribute("synod.tenant", proposal.getTenant()).attribute("synod.proposal", proposal.getProposalId())
                    .attribute("synod.round", String.valueOf(round));
            if (parent == null && stage.traceparent() != null) {
                traces.put(key, stage.traceparent());
            }
            forwardRound(key, state, round, atMs, deadline, previousDistribution, previousBallots, stage.traceparent());
        }
    }

    private void forwardRound(String key, ProposalState state, int round, long atMs, long deadline,
                              Map<String, Double> previousDistribution, List<Ballot> previousBallots, String traceparent) {
        Proposal proposal = state.getProposal();
        Policy policy = state.getPolicy();
        List<String> eligible = state.getEligible();
        RoundOpened opened = RoundOpened.newBuilder()
                .setTenant(proposal.getTenant())
                .setProposalId(proposal.getProposalId())
                .setRound(round)
                .setText(proposal.getText())
                .setOptions(proposal.getOptions())
                .setEligible(eligible)
                .setPolicy(policy)
                .setOpenedAtMs(atMs)
                .setDeadlineMs(deadline)
                .setPreviousDistribution(previousDistribution)
                .setPreviousBallots(previousBallots)
                .build();
        context.forward(TraceHeaders.with(new Record<>(key, opened, atMs), traceparent), sinks.rounds());
    }

    private void finish(String key, ProposalState state, Decision decision) {
        long retention = config.endedRetentionMs();
        long forgetAtMs = retention == 0 ? Long.MAX_VALUE : DueIndex.after(decision.getDecidedAtMs(), retention);
        book.put(key, closed(state, decision.getStatus(), forgetAtMs));
        if (retention > 0) {
            book.schedule(key, forgetAtMs);
        }
        if (emit(key, decision) != null) {
            traces.delete(key);
        }
    }

    /**
     * What an ended proposal keeps until it is forgotten: enough to refuse its id and late votes, not
     * its text, participants or tallies (most of a state's bytes, and in-memory stores hold them on
     * the heap). Its deadline is the end of the retention ({@code Long.MAX_VALUE}: kept for ever).
     */
    private static ProposalState closed(ProposalState state, String finalStatus, long forgetAtMs) {
        Proposal proposal = state.getProposal();
        Proposal kept = new Proposal(proposal.getEventId(), proposal.getTenant(), proposal.getProposalId(), "", List.of(), null, null,
                proposal.getProposedAtMs());
        ProposalState closed = copyOf(state);
        closed.setProposal(kept);
        closed.setStatus("closed");
        closed.setFinalStatus(finalStatus);
        closed.setEligible(List.of());
        closed.setLastDistribution(Map.of());
        closed.setDeadlineMs(forgetAtMs);
        return closed;
    }

    /**
     * A state to change without touching the one it came from, its fields shared: Avro's builder copies
     * the proposal's text, participants and eligible set deeply on every round opened and closed, and
     * nothing changes a state's proposal, policy, lists or map once it is built. The all-args
     * constructor makes a field added to the schema a compile error here rather than a field lost.
     */
    private static ProposalState copyOf(ProposalState state) {
        return new ProposalState(state.getProposal(), state.getPolicy(), state.getStatus(), state.getRound(), state.getEligible(),
                state.getOpenedAtMs(), state.getEscalatedAtMs(), state.getDeadlineMs(), state.getFinalStatus(), state.getLastDistribution(),
                state.getLastParticipants());
    }

    /** Forwards the decision with its proposal's trace context; returns that context (null when untraced). */
    private String emit(String key, Decision decision) {
        String trace = traces.get(key);
        try (StageTracer.Stage stage = tracer.continueTrace("coordinator.decide", trace)) {
            stage.attribute("synod.tenant", decision.getTenant()).attribute("synod.proposal", decision.getProposalId())
                    .attribute("synod.status", decision.getStatus()).attribute("synod.round", String.valueOf(decision.getRound()));
            Record<String, SpecificRecord> record = TraceHeaders.with(new Record<>(key, decision, decision.getDecidedAtMs()), stage.traceparent());
            context.forward(record, sinks.decisions());
            context.forward(record, sinks.forStatus(decision.getStatus()));
        }
        return trace;
    }

    private List<Ballot> sharedBallots(List<Ballot> ballots) {
        return ballots.stream()
                .sorted(Comparator.comparingDouble(Ballot::getWeight).reversed().thenComparing(Ballot::getAgentId))
                .limit(config.sharedBallots())
                .toList();
    }

    private static long dueOf(ProposalState state) {
        Long expiresAt = state.getPolicy().getExpiresAtMs();
        return expiresAt == null ? state.getDeadlineMs() : Math.min(state.getDeadlineMs(), expiresAt);
    }

    private void reject(Record<String, SpecificRecord> record, String key, String source, String tenant, String proposalId,
                        String eventId, RejectReason reason, String detail) {
        context.forward(record.withKey(key).withValue(
                Rejections.of(source, tenant, proposalId, eventId, reason, detail, record.timestamp())), sinks.rejected());
    }
}
