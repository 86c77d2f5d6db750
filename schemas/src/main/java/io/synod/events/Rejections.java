package io.synod.events;

import io.synod.schemas.Rejection;
import io.synod.schemas.Vote;

/** Builds rejection events so every stage words them the same way. */
public final class Rejections {
    private Rejections() {
    }

    public static Rejection ofVote(Vote vote, RejectReason reason, String detail, long atMs) {
        return Rejection.newBuilder()
                .setTenant(vote.getTenant())
                .setProposalId(vote.getProposalId())
                .setAgentId(vote.getAgentId())
                .setEventId(vote.getEventId())
                .setSource("vote")
                .setReason(reason.code())
                .setDetail(detail)
                .setRejectedAtMs(atMs)
                .build();
    }

    public static Rejection of(String source, String tenant, String proposalId, String eventId,
                               RejectReason reason, String detail, long atMs) {
        return Rejection.newBuilder()
                .setTenant(tenant)
                .setProposalId(proposalId)
                .setEventId(eventId)
                .setSource(source)
                .setReason(reason.code())
                .setDetail(detail)
                .setRejectedAtMs(atMs)
                .build();
    }
}
