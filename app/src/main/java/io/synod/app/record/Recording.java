package io.synod.app.record;

import io.synod.app.replay.EventLines;
import io.synod.keys.Keys;
import io.synod.schemas.AgentRegistration;
import io.synod.schemas.Arbitration;
import io.synod.schemas.Outcome;
import io.synod.schemas.Proposal;
import io.synod.schemas.Vote;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Live input events turned into replay input: one line each, in the replay format, ordered by event
 * time (the event's own time field, which the replay reads back into it), so that replaying the
 * lines feeds the topologies what they were fed live.
 *
 * <p>The agent registry is a compacted topic: it holds each agent's latest registration, not its
 * history. A registration goes where it was made, unless the agent voted before that (it was
 * re-registered or changed later): then it goes at the start of the recording, so its earlier votes
 * still count. An agent removed from membership after voting is a member from the start and leaves
 * at the time of its removal. A registration deleted from the registry (a tombstone) is left out.
 */
public final class Recording {
    private static final Comparator<Line> ORDER = Comparator.comparingLong(Line::tsMs).thenComparingInt(Line::kind)
            .thenComparingLong(Line::sequence);

    /** Ties in event time are broken by kind, so a proposal comes before votes of the same millisecond. */
    private enum Kind { AGENT, PROPOSAL, VOTE, ARBITRATION, OUTCOME }

    private record Line(long tsMs, int kind, long sequence, String text) {
    }

    /** How many events of each kind a recording holds. */
    public record Counts(long agents, long proposals, long votes, long outcomes, long arbitrations) {
        public long total() {
            return agents + proposals + votes + outcomes + arbitrations;
        }
    }

    private final String tenant;
    private final Map<String, AgentRegistration> registry = new LinkedHashMap<>();
    private final Map<String, Long> firstVote = new HashMap<>();
    /** The proposals (tenant/proposal) the recorded events belong to, and those whose proposal event is recorded. */
    private final Set<String> touched = new HashSet<>();
    private final Set<String> opened = new HashSet<>();
    private final List<Line> events = new ArrayList<>();
    private long earliest = Long.MAX_VALUE;
    private long characters;
    private long sequence;
    private long proposals;
    private long votes;
    private long outcomes;
    private long arbitrations;

    /** @param tenant only this tenant's events; null for every tenant's */
    public Recording(String tenant) {
        this.tenant = tenant;
    }

    /** The registry's record for {@code key} ({@code tenant/agent}); null deletes it, as a tombstone does. */
    public void registration(String key, AgentRegistration registration) {
        if (registration == null) {
            registry.remove(key);
        } else if (wanted(registration.getTenant())) {
            registry.remove(key);
            registry.put(key, registration);
        }
    }

    public void proposal(Proposal proposal) {
        if (wanted(proposal.getTenant())) {
            opened.add(touch(proposal.getTenant(), proposal.getProposalId()));
            add(proposal.getProposedAtMs(), Kind.PROPOSAL, EventLines.proposal(proposal));
            proposals++;
        }
    }

    public void vote(Vote vote) {
        if (wanted(vote.getTenant())) {
            touch(vote.getTenant(), vote.getProposalId());
            add(vote.getCastAtMs(), Kind.VOTE, EventLines.vote(vote));
            firstVote.merge(Keys.of(vote.getTenant(), vote.getAgentId()), vote.getCastAtMs(), Math::min);
            votes++;
        }
    }

    public void outcome(Outcome outcome) {
        if (wanted(outcome.getTenant())) {
            touch(outcome.getTenant(), outcome.getProposalId());
            add(outcome.getObservedAtMs(), Kind.OUTCOME, EventLines.outcome(outcome));
            outcomes++;
        }
    }

    public void arbitration(Arbitration arbitration) {
        if (wanted(arbitration.getTenant())) {
            touch(arbitration.getTenant(), arbitration.getProposalId());
            add(arbitration.getDecidedAtMs(), Kind.ARBITRATION, EventLines.arbitration(arbitration));
            arbitrations++;
        }
    }

    /**
     * The proposals (tenant/proposal) that recorded votes, outcomes or arbitrations belong to but whose proposal event is
     * not recorded: a recording of a time window needs them, and their earlier events, to replay those events.
     */
    public Set<String> openedBefore() {
        Set<String> missing = new HashSet<>(touched);
        missing.removeAll(opened);
        return missing;
    }

    /** Every proposal (tenant/proposal) the recorded events belong to. */
    public Set<String> proposals() {
        return Set.copyOf(touched);
    }

    public Counts counts() {
        return new Counts(registry.size(), proposals, votes, outcomes, arbitrations);
    }

    /** About what the lines held so far take in memory: a byte a character (compact strings) and ~80 bytes of objects a line. */
    public long estimatedBytes() {
        return characters + 80L * events.size();
    }

    /** Every line, in the order a replay reads them. */
    public List<String> lines() {
        List<Line> all = new ArrayList<>(events);
        long start = earliest == Long.MAX_VALUE ? 0 : earliest;
        long next = sequence;
        for (Map.Entry<String, AgentRegistration> entry : registry.entrySet()) {
            AgentRegistration latest = entry.getValue();
            Long voted = firstVote.get(entry.getKey());
            boolean changedAfterVoting = voted != null && latest.getUpdatedAtMs() > voted;
            long atStart = Math.min(start, latest.getUpdatedAtMs());
            if (latest.getActive()) {
                all.add(agent(latest, changedAfterVoting ? atStart : latest.getUpdatedAtMs(), next++));
            } else {
                if (changedAfterVoting) {
                    all.add(agent(AgentRegistration.newBuilder(latest).setActive(true).build(), atStart, next++));
                }
                all.add(agent(latest, latest.getUpdatedAtMs(), next++));
            }
        }
        all.sort(ORDER);
        return all.stream().map(Line::text).toList();
    }

    private String touch(String eventTenant, String proposalId) {
        String key = Keys.of(eventTenant, proposalId);
        touched.add(key);
        return key;
    }

    private boolean wanted(String eventTenant) {
        return tenant == null || tenant.equals(eventTenant);
    }

    private void add(long tsMs, Kind kind, String text) {
        events.add(new Line(tsMs, kind.ordinal(), sequence++, text));
        characters += text.length();
        earliest = Math.min(earliest, tsMs);
    }

    private static Line agent(AgentRegistration registration, long tsMs, long sequence) {
        return new Line(tsMs, Kind.AGENT.ordinal(), sequence, EventLines.agent(registration, tsMs));
    }
}
