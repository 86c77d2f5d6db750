package io.synod.detector.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The real model, shipped in the Maven artifact: no network needed. */
class BgeSentenceEncoderTest {

    @Test
    void shouldRateARelevantJustificationCloserToTheProposalThanAnOffTopicOne() {
        List<float[]> vectors = new BgeSentenceEncoder().embed(List.of(
                "Should the city approve the new bicycle lane on Main Street?",
                "The bicycle lane on Main Street would make cycling safer and the traffic study supports it.",
                "My favourite pizza topping is pineapple and I like jazz music."));

        double relevant = SentenceEncoder.cosine(vectors.get(0), vectors.get(1));
        double offTopic = SentenceEncoder.cosine(vectors.get(0), vectors.get(2));

        assertThat(vectors.get(0)).hasSize(384);
        assertThat(relevant).isGreaterThan(offTopic + 0.15);
    }
}
