package io.synod.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SharedStringsTest {
    @Test
    void shouldGiveEveryEqualValueTheFirstInstance() {
        SharedStrings shared = new SharedStrings(16);
        String first = new String("agent-17");
        String second = new String("agent-17");

        assertThat(shared.of(first)).isSameAs(first);
        assertThat(shared.of(second)).isSameAs(first);
        assertThat(shared.of(null)).isNull();
    }

    @Test
    void shouldPassNewValuesThroughOnceItHoldsItsLimit() {
        SharedStrings shared = new SharedStrings(2);
        String a = new String("a");
        String b = new String("b");
        shared.of(a);
        shared.of(b);
        String c = new String("c");
        String laterC = new String("c");

        assertThat(shared.of(c)).isSameAs(c);
        assertThat(shared.of(laterC)).isSameAs(laterC);
        assertThat(shared.of(new String("a"))).isSameAs(a);
    }
}
