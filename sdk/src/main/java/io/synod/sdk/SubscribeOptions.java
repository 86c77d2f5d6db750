package io.synod.sdk;

import io.synod.topics.Topics;

/**
 * Where a decision subscription reads: which topic (consensus.decisions for every ending, or one
 * of the status topics such as consensus.achieved), from the beginning or only new decisions, one
 * tenant or all, final decisions only or escalations too, and optionally in a consumer group whose
 * committed offsets let a restarted service continue where it stopped.
 */
public record SubscribeOptions(String topic, boolean fromBeginning, String tenant, boolean finalOnly, String groupId) {

    /** New decisions on consensus.decisions, every tenant, escalations included, no consumer group. */
    public static SubscribeOptions live() {
        return new SubscribeOptions(Topics.DECISIONS, false, null, false, null);
    }

    public SubscribeOptions fromTheBeginning() {
        return new SubscribeOptions(topic, true, tenant, finalOnly, groupId);
    }

    public SubscribeOptions onTopic(String topicName) {
        return new SubscribeOptions(topicName, fromBeginning, tenant, finalOnly, groupId);
    }

    public SubscribeOptions forTenant(String tenantOrNull) {
        return new SubscribeOptions(topic, fromBeginning, tenantOrNull, finalOnly, groupId);
    }

    public SubscribeOptions finalDecisionsOnly() {
        return new SubscribeOptions(topic, fromBeginning, tenant, true, groupId);
    }

    /** Reads in this consumer group and commits after the listener returned; without committed offsets it starts per {@link #fromBeginning}. */
    public SubscribeOptions inGroup(String group) {
        return new SubscribeOptions(topic, fromBeginning, tenant, finalOnly, group);
    }
}
