package io.synod.reputation;

import io.synod.events.Choices;
import io.synod.events.DecisionStatuses;
import io.synod.events.QuarantineReasons;
import io.synod.events.SuspicionReasons;
import io.synod.keys.Keys;
import io.synod.schemas.Ballot;
import io.synod.schemas.Decision;
import io.synod.schemas.Outcome;
import io.synod.schemas.internal.PeerVote;
import io.synod.schemas.internal.ReputationSignal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keyed by proposal: turns each final decision into one signal per counted ballot (with the
 * decision's posterior and how the agent's choice compared with its co-voters'), one flag per
 * excluded agent, and a ground-truth outcome into one signal per ballot of the decision it is about
 * (kept, and outcomes held until then, by {@link OutcomeRelease}). Signals are re-keyed by tenant/agent.
 */
final class EvidenceCollector implements Processor<String, SpecificRecord, String, ReputationSignal> {
    static final String DECIDED_STORE = "reputation-decided-proposals";
    /** Co-voters compared per vote; bounds the cost of very large rounds. */
    static final int MAX_PEERS = 64;
    /**
     * The lead over the next option that makes a plurality clear: one voter more or fewer in the count
     * (an uncounted or useless voter, another reading of "the majority") cannot overturn it. A bloc
     * that merely opposes the majority sided with a plurality that led by one vote on 2-41% of those
     * votes, with a clearer one on at most 0.22% (docs/decisions/0083).
     */
    static final int CLEAR_LEAD = 2;

    private ProcessorContext<String, ReputationSignal> context;
    private KeyValueStore<String, Decision> decided;

    @Override
    public void init(ProcessorContext<String, ReputationSignal> context) {
        this.context = context;
        decided = context.getStateStore(DECIDED_STORE);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (record.value() instanceof Decision decision) {
            onDecision(record, decision);
        } else if (record.value() instanceof Outcome outcome) {
            onOutcome(record, outcome);
        }
    }

    private void onDecision(Record<String, SpecificRecord> record, Decision decision) {
        Map<String, Ballot> excluded = new HashMap<>();
        for (Ballot ballot : decision.getBallots()) {
            if (ballot.getSuspicion() >= 1.0) {
                excluded.put(ballot.getAgentId(), ballot);
            }
        }
        boolean reached = DecisionStatuses.REACHED.contains(decision.getStatus()) && decision.getDecision() != null;
        // An excluded agent's flag on a reached decision carries its choice and the counted plurality
        // when that leads by two votes or more: whether it ever sides with such a plurality tells a vote
        // with evidence of its own from one that merely opposes the majority (docs/decisions/0080, 0083).
        String majority = reached && !excluded.isEmpty() ? plurality(decision.getBallots(), CLEAR_LEAD) : null;
        for (String agent : decision.getFlagged()) {
            Ballot exclusion = excluded.get(agent);
            ReputationSignal.Builder flag = base(decision, agent, "flag", decision.getDecidedAtMs()).setReason(flagReason(exclusion));
            String choice = exclusion == null ? null : exclusion.getChoice();
            if (majority != null && choice != null && !Choices.ABSTAIN.equals(choice)) {
                flag.setChoice(choice).setMajority(majority).setOptions(decision.getDistribution().size());
            }
            forward(record, flag.build());
        }
        if (!reached) {
            return;
        }
        List<Ballot> votes = decision.getBallots().stream().filter(b -> !Choices.ABSTAIN.equals(b.getChoice())).toList();
        // Each voter as a co-voter, agreeing and not: every voter's signal lists the others, and nothing
        // changes a co-vote once made, so the lists share these instead of making one per pair.
        PeerVote[] agreeing = new PeerVote[votes.size()];
        PeerVote[] disagreeing = new PeerVote[votes.size()];
        for (int i = 0; i < votes.size(); i++) {
            Ballot other = votes.get(i);
            agreeing[i] = new PeerVote(other.getAgentId(), true, other.getAccuracy());
            disagreeing[i] = new PeerVote(other.getAgentId(), false, other.getAccuracy());
        }
        for (Ballot ballot : votes) {
            if (excluded.containsKey(ballot.getAgentId())) {
                continue;
            }
            forward(record, base(decision, ballot.getAgentId(), "decision", decision.getDecidedAtMs())
                    .setAgreed(ballot.getChoice().equals(decision.getDecision()))
                    .setConfidence(ballot.getConfidence())
                    .setChoice(ballot.getChoice())
                    .setDecision(decision.getDecision())
                    .setPosterior(decision.getDistribution())
                    .setPeers(peers(ballot, votes, agreeing, disagreeing))
                    .setOptions(decision.getDistribution().size())
                    .setReasons(ballot.getReasons())
                    .setJustification(ballot.getJustification())
                    .setRound(decision.getRound())
                    .build());
        }
    }

    /** Why the decision flagged an agent, from its ballot (null: down-weighted, not excluded). */
    private static String flagReason(Ballot exclusion) {
        if (exclusion == null) {
            return "down_weighted";
        }
        if (exclusion.getReasons().contains(SuspicionReasons.SYBIL_SWARM)) {
            return SuspicionReasons.SYBIL_SWARM;
        }
        for (String reason : exclusion.getReasons()) {
            if (QuarantineReasons.marksQuarantine(reason)) {
                return QuarantineReasons.EXCLUDED_WHILE_QUARANTINED;
            }
        }
        return "excluded_as_byzantine";
    }

    private void onOutcome(Record<String, SpecificRecord> record, Outcome outcome) {
        Decision decision = decided.get(Keys.of(outcome.getTenant(), outcome.getProposalId()));
        if (decision == null) {
            return;
        }
        String majority = plurality(decision.getBallots(), 1);
        for (Ballot ballot : decision.getBallots()) {
            if (Choices.ABSTAIN.equals(ballot.getChoice())) {
                continue;
            }
            boolean counted = ballot.getSuspicion() < 1.0;
            forward(record, base(decision, ballot.getAgentId(), "outcome", outcome.getObservedAtMs())
                    .setAgreed(outcome.getTruth().equals(ballot.getChoice()))
                    .setConfidence(ballot.getConfidence())
                    .setChoice(ballot.getChoice())
                    .setDecision(decision.getDecision())
                    .setTruth(outcome.getTruth())
                    .setMajority(counted ? null : majority)
                    .setPosterior(counted ? decision.getDistribution() : Map.of())
                    .build());
        }
    }

    /**
     * The option most counted votes chose, one vote each, if it leads every other by at least
     * {@code minLead} votes (1: null on a tie). Where it missed the truth, an excluded agent's choice
     * shows whether it carries evidence of its own (docs/decisions/0068). Only excluded agents get it:
     * the majority of votes not their own, which a bloc counted while still unsuspected would have
     * swayed itself.
     */
    private static String plurality(List<Ballot> ballots, int minLead) {
        Map<String, Integer> counts = new HashMap<>();
        for (Ballot ballot : ballots) {
            if (ballot.getSuspicion() < 1.0 && !Choices.ABSTAIN.equals(ballot.getChoice())) {
                counts.merge(ballot.getChoice(), 1, Integer::sum);
            }
        }
        String best = null;
        int top = 0;
        int second = 0;
        for (var entry : counts.entrySet()) {
            if (entry.getValue() > top) {
                best = entry.getKey();
                second = top;
                top = entry.getValue();
            } else if (entry.getValue() > second) {
                second = entry.getValue();
            }
        }
        return top - second >= minLead ? best : null;
    }

    /** How the agent's choice compared with each co-voter's, and how accurate the co-voter was then. */
    private static List<PeerVote> peers(Ballot self, List<Ballot> votes, PeerVote[] agreeing, PeerVote[] disagreeing) {
        List<PeerVote> peers = new ArrayList<>(Math.min(votes.size(), MAX_PEERS));
        for (int i = 0; i < votes.size(); i++) {
            Ballot other = votes.get(i);
            if (other == self || other.getAgentId().equals(self.getAgentId())) {
                continue;
            }
            if (peers.size() == MAX_PEERS) {
                break;
            }
            peers.add(other.getChoice().equals(self.getChoice()) ? agreeing[i] : disagreeing[i]);
        }
        return peers;
    }

    private void forward(Record<String, SpecificRecord> record, ReputationSignal signal) {
        context.forward(new Record<>(Keys.of(signal.getTenant(), signal.getAgentId()), signal, record.timestamp(), record.headers()));
    }

    private static ReputationSignal.Builder base(Decision decision, String agent, String kind, long atMs) {
        return ReputationSignal.newBuilder().setTenant(decision.getTenant()).setAgentId(agent).setKind(kind)
                .setProposalId(decision.getProposalId()).setAtMs(atMs);
    }
}
