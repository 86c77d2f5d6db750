package io.synod.topics;

import io.synod.schemas.AgentRegistration;
import io.synod.schemas.Arbitration;
import io.synod.schemas.Decision;
import io.synod.schemas.JustificationQuality;
import io.synod.schemas.NetworkHealth;
import io.synod.schemas.Outcome;
import io.synod.schemas.Proposal;
import io.synod.schemas.Rejection;
import io.synod.schemas.Reputation;
import io.synod.schemas.ReputationReset;
import io.synod.schemas.RoundOpened;
import io.synod.schemas.ScoredVote;
import io.synod.schemas.TenantQuota;
import io.synod.schemas.Vote;
import io.synod.schemas.internal.Admission;
import io.synod.schemas.WebhookDeadLetter;
import io.synod.schemas.WebhookSubscription;
import io.synod.serde.AvroSerde;
import io.synod.serde.ClasspathSchemaCatalogue;
import io.synod.serde.RegistrySchemaResolver;
import io.synod.serde.SchemaResolver;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The one registry of Synod's topics: every topic's name, key serde and value serde. Keys are
 * strings ({@code tenant/proposalId} or {@code tenant/agentId}); values are Avro in the Confluent
 * wire format.
 */
public final class Topics {
    public static final String PROPOSALS = "consensus.proposals";
    public static final String ROUNDS = "consensus.rounds";
    public static final String VOTES = "consensus.votes";
    public static final String VOTES_SCORED = "consensus.votes.scored";
    public static final String REJECTED = "consensus.rejected";
    public static final String ACHIEVED = "consensus.achieved";
    public static final String FAILED = "consensus.failed";
    public static final String ESCALATED = "consensus.escalated";
    public static final String HALTED = "consensus.halted";
    public static final String DECISIONS = "consensus.decisions";
    public static final String OUTCOMES = "consensus.outcomes";
    public static final String ARBITRATIONS = "consensus.arbitrations";
    public static final String REPUTATION = "agent.reputation";
    public static final String REGISTRY = "agent.registry";
    public static final String ALERTS = "consensus.alerts";
    public static final String RESETS = "agent.reputation.resets";
    public static final String ADMISSIONS = "consensus.proposals.admission";
    public static final String ADMITTED = "consensus.proposals.admitted";
    public static final String TENANT_QUOTAS = "tenant.quotas";
    public static final String WEBHOOKS = "consensus.webhooks";
    public static final String WEBHOOKS_DLQ = "consensus.webhooks.dlq";
    public static final String JUSTIFICATION_QUALITY = "agent.justification.quality";

    private final SchemaResolver resolver;
    private final Map<Class<?>, Serde<?>> internalSerdes = new ConcurrentHashMap<>();

    public final Topic<String, Proposal> proposals;
    public final Topic<String, RoundOpened> rounds;
    public final Topic<String, Vote> votes;
    public final Topic<String, ScoredVote> votesScored;
    public final Topic<String, Rejection> rejected;
    public final Topic<String, Decision> achieved;
    public final Topic<String, Decision> failed;
    public final Topic<String, Decision> escalated;
    public final Topic<String, Decision> halted;
    public final Topic<String, Decision> decisions;
    public final Topic<String, Outcome> outcomes;
    public final Topic<String, Arbitration> arbitrations;
    public final Topic<String, Reputation> reputation;
    public final Topic<String, AgentRegistration> registry;
    public final Topic<String, NetworkHealth> alerts;
    public final Topic<String, ReputationReset> resets;
    /** Proposals asking to open and proposals that ended, keyed by tenant (the coordinator's quota gate). */
    public final Topic<String, Admission> admissions;
    /** Proposals the quota gate admitted, keyed by tenant/proposal again. */
    public final Topic<String, Proposal> admitted;
    public final Topic<String, TenantQuota> tenantQuotas;
    /** Webhook subscriptions of the REST gateway, keyed by webhook id. */
    public final Topic<String, WebhookSubscription> webhooks;
    /** Decisions the gateway gave up delivering to a webhook, keyed tenant/proposal. */
    public final Topic<String, WebhookDeadLetter> webhooksDlq;
    /** Per-agent justification quality from the detector's embedding side path, keyed tenant/agent. */
    public final Topic<String, JustificationQuality> justificationQuality;

    private Topics(SchemaResolver resolver) {
        this.resolver = resolver;
        proposals = event(PROPOSALS, Proposal.class);
        rounds = event(ROUNDS, RoundOpened.class);
        votes = event(VOTES, Vote.class);
        votesScored = event(VOTES_SCORED, ScoredVote.class);
        rejected = event(REJECTED, Rejection.class);
        achieved = event(ACHIEVED, Decision.class);
        failed = event(FAILED, Decision.class);
        escalated = event(ESCALATED, Decision.class);
        halted = event(HALTED, Decision.class);
        decisions = event(DECISIONS, Decision.class);
        outcomes = event(OUTCOMES, Outcome.class);
        arbitrations = event(ARBITRATIONS, Arbitration.class);
        reputation = table(REPUTATION, Reputation.class);
        registry = table(REGISTRY, AgentRegistration.class);
        alerts = event(ALERTS, NetworkHealth.class);
        resets = event(RESETS, ReputationReset.class);
        admissions = event(ADMISSIONS, Admission.class);
        admitted = event(ADMITTED, Proposal.class);
        tenantQuotas = table(TENANT_QUOTAS, TenantQuota.class);
        webhooks = table(WEBHOOKS, WebhookSubscription.class);
        webhooksDlq = event(WEBHOOKS_DLQ, WebhookDeadLetter.class);
        justificationQuality = event(JUSTIFICATION_QUALITY, JustificationQuality.class);
    }

    /** Schemas resolved from the classpath catalogue: embedded mode, replay and tests. */
    public static Topics local() {
        return new Topics(ClasspathSchemaCatalogue.load());
    }

    /** Schemas registered in and resolved from a Confluent-compatible registry. */
    public static Topics withRegistry(String registryUrl) {
        return new Topics(new RegistrySchemaResolver(registryUrl));
    }

    /** The registry when a URL is configured, the classpath catalogue otherwise. */
    public static Topics forRegistryUrl(String registryUrlOrBlank) {
        return registryUrlOrBlank == null || registryUrlOrBlank.isBlank() ? local() : withRegistry(registryUrlOrBlank);
    }

    public List<Topic<?, ?>> all() {
        return List.of(proposals, rounds, votes, votesScored, rejected, achieved, failed, escalated, halted,
                decisions, outcomes, arbitrations, reputation, registry, alerts, resets, admissions, admitted, tenantQuotas,
                webhooks, webhooksDlq, justificationQuality);
    }

    /** Serde for records kept in state stores, registered under the record's full name. */
    @SuppressWarnings("unchecked")
    public <T extends SpecificRecord> Serde<T> serde(Class<T> type) {
        return (Serde<T>) internalSerdes.computeIfAbsent(type, t -> new AvroSerde<>(type, type.getName(), resolver));
    }

    private <V extends SpecificRecord> Topic<String, V> event(String name, Class<V> type) {
        return new Topic<>(name, Serdes.String(), new AvroSerde<>(type, name + "-value", resolver), false);
    }

    private <V extends SpecificRecord> Topic<String, V> table(String name, Class<V> type) {
        return new Topic<>(name, Serdes.String(), new AvroSerde<>(type, name + "-value", resolver), true);
    }
}
