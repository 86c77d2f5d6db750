package io.synod.sdk;

import io.synod.keys.Keys;
import io.synod.schemas.Policy;
import io.synod.schemas.Proposal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A question to put to the agents. {@code options} empty means approve/reject; {@code participants}
 * null means every active agent of the tenant; {@code policy} null (or any of its fields null)
 * means the deployment's default.
 */
public record ProposalRequest(String tenant, String proposalId, String text, List<String> options,
                              List<String> participants, Policy policy) {

    public ProposalRequest {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(proposalId, "proposalId");
        text = text == null ? "" : text;
        options = options == null ? List.of() : List.copyOf(options);
        participants = participants == null ? null : List.copyOf(participants);
    }

    public static Builder builder() {
        return new Builder();
    }

    public String key() {
        return Keys.of(tenant, proposalId);
    }

    /** The event published on consensus.proposals. */
    public Proposal toProposal(String eventId, long proposedAtMs) {
        return Proposal.newBuilder()
                .setEventId(eventId).setTenant(tenant).setProposalId(proposalId).setText(text)
                .setOptions(options).setParticipants(participants)
                .setPolicy(policy == null ? null : Policy.newBuilder(policy).build())
                .setProposedAtMs(proposedAtMs).build();
    }

    public static final class Builder {
        private String tenant = Keys.DEFAULT_TENANT;
        private String proposalId;
        private String text = "";
        private final List<String> options = new ArrayList<>();
        private List<String> participants;
        private Policy policy = new Policy();
        private boolean policySet;

        public Builder tenant(String tenant) {
            this.tenant = tenant;
            return this;
        }

        /** The proposal's id; a random {@code p-UUID} when not set. */
        public Builder id(String proposalId) {
            this.proposalId = proposalId;
            return this;
        }

        public Builder text(String text) {
            this.text = text;
            return this;
        }

        public Builder options(String... options) {
            this.options.addAll(List.of(options));
            return this;
        }

        public Builder options(List<String> options) {
            this.options.addAll(options);
            return this;
        }

        public Builder participants(List<String> participants) {
            this.participants = participants == null ? null : new ArrayList<>(participants);
            return this;
        }

        public Builder participants(String... participants) {
            return participants(List.of(participants));
        }

        public Builder threshold(double threshold) {
            policySet = true;
            policy.setThreshold(threshold);
            return this;
        }

        public Builder maxRounds(int maxRounds) {
            policySet = true;
            policy.setMaxRounds(maxRounds);
            return this;
        }

        public Builder minParticipants(int minParticipants) {
            policySet = true;
            policy.setMinParticipants(minParticipants);
            return this;
        }

        public Builder roundTimeoutMs(long roundTimeoutMs) {
            policySet = true;
            policy.setRoundTimeoutMs(roundTimeoutMs);
            return this;
        }

        public Builder mode(String mode) {
            policySet = true;
            policy.setMode(mode);
            return this;
        }

        public Builder fallback(String fallback, int afterRounds) {
            policySet = true;
            policy.setFallback(fallback);
            policy.setFallbackAfterRounds(afterRounds);
            return this;
        }

        /** Replaces every policy field at once (null fields fall back to the deployment's defaults). */
        public Builder policy(Policy policy) {
            policySet = policy != null;
            this.policy = policy == null ? new Policy() : Policy.newBuilder(policy).build();
            return this;
        }

        public ProposalRequest build() {
            String id = proposalId != null ? proposalId : "p-" + UUID.randomUUID();
            return new ProposalRequest(tenant, id, text, options, participants, policySet ? Policy.newBuilder(policy).build() : null);
        }
    }
}
