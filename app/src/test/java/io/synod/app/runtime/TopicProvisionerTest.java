package io.synod.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.topics.Topics;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

class TopicProvisionerTest {

    @Test
    void shouldLetTheBrokerRefuseFutureTimestampsOnlyOnTopicsProducersOutsideSynodWrite() {
        for (String input : new String[] {Topics.PROPOSALS, Topics.VOTES, Topics.ARBITRATIONS, Topics.OUTCOMES, Topics.RESETS}) {
            assertThat(TopicProvisioner.configFor(input, false)).as(input)
                    .containsEntry(TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG, String.valueOf(TopicProvisioner.MAX_FUTURE_TIMESTAMP_MS));
        }
        assertThat(TopicProvisioner.configFor(Topics.DECISIONS, false)).doesNotContainKey(TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG);
        assertThat(TopicProvisioner.configFor(Topics.REJECTED, false)).doesNotContainKey(TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG);
    }

    @Test
    void shouldGiveTheDeadLetterTopicRoomForTheLargestRecordAndItsErrorHeaders() {
        Map<String, String> votes = TopicProvisioner.configFor(Topics.VOTES, false);
        Map<String, String> dead = TopicProvisioner.configFor(TopicProvisioner.DEAD_LETTER_TOPIC, false);

        assertThat(Integer.parseInt(votes.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG))).isEqualTo(TopicProvisioner.MAX_MESSAGE_BYTES);
        assertThat(Integer.parseInt(dead.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG))).isGreaterThan(TopicProvisioner.MAX_MESSAGE_BYTES);
    }
}
